#!/usr/bin/env python3
"""PyTorch peer of `bitste train`: the same binarized MLP trained the usual PyTorch way; prints images/s.

The network is the project's default (`./bitste train`): 784-512-512-10, binary weights
scale_l * sign(theta_l) (theta_l latent floats clipped to [-1, 1], scale_l = 1/sqrt(fan-in), no bias),
batch norm after every layer (batch statistics, eps 1e-4, learned gamma and beta), sign activations
with the hardtanh-clipped straight-through gradient (passes where |y| <= 1) on the hidden layers,
softmax cross-entropy on the last layer's normalized outputs, Adam (lr 0.01, betas 0.9/0.999) on the
latent weights and on gamma/beta, cosine learning rate lr * (0.01 + 0.99 * (1 + cos(pi p)) / 2),
pixels scaled to [0, 1]. The sign is a custom autograd function, batch norm is nn.BatchNorm1d.

Install the peer (Debian 12 / Ubuntu): PyTorch 1.13 and the threaded OpenBLAS (without
libopenblas0-pthread PyTorch multiplies with the reference BLAS, several times slower):
    sudo apt-get install python3-torch libopenblas0-pthread
Run it with the interpreter that has that torch (Debian's /usr/bin/python3, not a pyenv or venv one):
    /usr/bin/python3 bench/peers/pytorch_bnn_train.py --threads 1 --batch-size 100 --seconds 10
    /usr/bin/python3 bench/peers/pytorch_bnn_train.py --data /usr/share/datasets/fashion-mnist
Without --data it trains on random images of Fashion-MNIST's shape (60 000 x 784 bytes, 10 classes):
the time per step does not depend on the pixel values. The script restarts itself once without
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they force an older OpenBLAS kernel) and with the BLAS and
OpenMP thread counts set to --threads; it prints which OpenBLAS core ran. On a machine shared with other
jobs, 2 threads with OpenMP's default spin-waiting can run 10x slower than 1: add --wait-policy passive.
"""
import argparse
import gzip
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas_env  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1, help="PyTorch and BLAS threads (default 1)")
    p.add_argument("--batch-size", type=int, default=100, help="mini-batch size (default 100)")
    p.add_argument("--seconds", type=float, default=10, help="measured training time (default 10)")
    p.add_argument("--warmup", type=float, default=3, help="untimed training first (default 3 s)")
    p.add_argument("--arch", default="784-512-512-10", help="layer sizes (default 784-512-512-10)")
    p.add_argument("--lr", type=float, default=0.01, help="initial learning rate (default 0.01)")
    p.add_argument("--data", help="directory with Fashion-MNIST's train-*-ubyte(.gz) files (default: random)")
    p.add_argument("--wait-policy", choices=["default", "passive", "active"], default="default",
                   help="OMP_WAIT_POLICY for PyTorch's OpenMP threads; passive keeps 2 threads from collapsing "
                        "on a machine shared with other jobs (default: leave the environment alone)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    for name in ("threads", "batch_size"):
        if getattr(a, name) < 1:
            p.exit(2, "%s must be >= 1, got %d\n" % (name, getattr(a, name)))
    if not a.seconds > 0 or a.warmup < 0:
        p.exit(2, "seconds must be > 0 and warmup >= 0, got %s and %s\n" % (a.seconds, a.warmup))
    try:
        a.sizes = [int(s) for s in a.arch.split("-")]
        assert len(a.sizes) >= 2 and min(a.sizes) > 0
    except (ValueError, AssertionError):
        p.exit(2, "arch '%s' is not a dash-separated list of at least two positive sizes\n" % a.arch)
    return a


args = parse_args()
blas_env.reexec_clean(args.threads,
                      {} if args.wait_policy == "default" else {"OMP_WAIT_POLICY": args.wait_policy.upper()})
try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit("torch is not importable from %s: install python3-torch and run this script with the "
             "interpreter that has it (on Debian /usr/bin/python3)" % sys.executable)


# Just above 1: hardtanh_backward passes strictly inside (-m, m), the project's STE passes |x| <= 1.
_CLIP = math.nextafter(1.0, 2.0)


class SignSte(torch.autograd.Function):
    """sign forward; the straight-through gradient clipped to |x| <= 1 (hardtanh's derivative) backward.

    torch.sign and aten's hardtanh_backward are the fast kernels of this PyTorch build; the comparison
    idioms (torch.where(x >= 0, ...), g * (x.abs() <= 1)) make the whole step 2-3x slower here.
    torch.sign(0) = 0 where the project takes +1: a measure-zero difference for float inputs.
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sign(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return torch.ops.aten.hardtanh_backward(g, x, -_CLIP, _CLIP)


class BinaryLinear(nn.Module):
    """y = x (scale sign(W))^T with latent W uniform in [-1/2, 1/2] and scale 1/sqrt(fan-in)."""

    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(fan_out, fan_in).uniform_(-0.5, 0.5))
        self.scale = 1.0 / math.sqrt(fan_in)

    def forward(self, x):
        return F.linear(x, SignSte.apply(self.weight) * self.scale)


class BinaryMlp(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.linears = nn.ModuleList(BinaryLinear(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1))
        self.norms = nn.ModuleList(nn.BatchNorm1d(s, eps=1e-4) for s in sizes[1:])

    def forward(self, x):
        last = len(self.linears) - 1
        for i, (lin, bn) in enumerate(zip(self.linears, self.norms)):
            x = bn(lin(x))
            if i < last:
                x = SignSte.apply(x)
        return x


def load_images(args):
    """(uint8 images N x 784, int64 labels N): Fashion-MNIST's training set, or random ones of its shape."""
    if args.data is None:
        g = torch.Generator().manual_seed(args.seed)
        images = torch.randint(0, 256, (60000, args.sizes[0]), dtype=torch.uint8, generator=g)
        labels = torch.randint(0, args.sizes[-1], (60000,), generator=g)
        return images, labels

    def read(name, header):
        for path in (os.path.join(args.data, name + ".gz"), os.path.join(args.data, name)):
            if os.path.exists(path):
                with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
                    return f.read()[header:]
        sys.stderr.write("data: %s(.gz) not found in %s\n" % (name, args.data))
        sys.exit(2)

    images = torch.frombuffer(bytearray(read("train-images-idx3-ubyte", 16)), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(read("train-labels-idx1-ubyte", 8)), dtype=torch.uint8)
    return images.view(-1, args.sizes[0]), labels.long()


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images, labels = load_images(args)
    n = images.shape[0]
    model = BinaryMlp(args.sizes)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = n // args.batch_size
    planned = 10 * steps_per_epoch  # the cosine schedule of a 10-epoch run (the project's default)

    def train(seconds, first_step):
        """Steps until `seconds` have passed; returns (steps, elapsed, mean loss, accuracy)."""
        step, loss_sum, correct = first_step, 0.0, 0
        order = torch.randperm(n)
        start = time.perf_counter()
        while True:
            s = step % steps_per_epoch
            if s == 0 and step > first_step:
                order = torch.randperm(n)
            idx = order[s * args.batch_size:(s + 1) * args.batch_size]
            x = images[idx].float().div_(255)
            y = labels[idx]
            p = min(1.0, step / max(1, planned - 1))
            for group in opt.param_groups:
                group["lr"] = args.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * p)))
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                for lin in model.linears:
                    lin.weight.clamp_(-1, 1)
            loss_sum += loss.item()
            correct += int((logits.argmax(1) == y).sum())
            step += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                done = step - first_step
                return done, elapsed, loss_sum / done, correct / (done * args.batch_size)

    warm = train(args.warmup, 0) if args.warmup > 0 else (0,)
    steps, elapsed, loss, acc = train(args.seconds, warm[0])
    for line in blas_env.describe():
        print("# " + line)
    print("# torch %s, torch threads %d, %s" % (torch.__version__, torch.get_num_threads(),
                                              "data " + args.data if args.data else "random data"))
    print("arch %s batch %d threads %d: %d steps in %.2f s, %.0f images/s (train loss %.4f, accuracy %.3f)"
          % (args.arch, args.batch_size, args.threads, steps, elapsed, steps * args.batch_size / elapsed,
             loss, acc))


if __name__ == "__main__":
    main()
