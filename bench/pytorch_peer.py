#!/usr/bin/env python3
"""The PyTorch peer of `tcnwta bench`: the same canonical configs and the same training step, timed the same way.

Model (DESIGN.md section 2, Training/BenchmarkConfigs.cs): optional TCN blocks (causal dilated Conv1d pairs with a
residual), a strided Conv1d encoder (kernel = stride = K, no bias), channel top-k (the k largest signed values of each
code column kept, the rest zeroed; the gradient flows through the kept entries), a ConvTranspose1d decoder (the atoms,
no bias), MSE. One step: zero_grad, forward, top-k, MSE, backward, Adam (lr 1e-3), loss.item(). The median of the timed
steps after warm-up, in three modes:

  fp32     eager, TF32 off for matmuls and cuDNN convolutions (the arithmetic tcnwta does)
  default  eager with PyTorch's defaults (cuDNN convolutions may use TF32 tensor cores)
  compile  torch.compile of the model and loss, fp32 with TF32 off

Prints a table of ms per step and one JSON line per config and mode. With --tcnwta FILE (the output of
`tcnwta bench --config C --device cuda --json`, one or more runs appended, fp32 and `--precision tf32` alike), also
prints tcnwta's GPU medians at each precision and the ratios ours / torch.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

CONFIGS = {
    # name: channels, atoms N, frame K, top-k, TCN widths, TCN kernel, batch, length, input
    "groove": dict(channels=27, atoms=100, frame=16, k=4, tcn=[], tcn_kernel=3, batch=4096, length=16,
                   input="sparse"),
    "maestro": dict(channels=388, atoms=1000, frame=32, k=100, tcn=[64, 64], tcn_kernel=3, batch=1, length=4096,
                    input="onehot"),
}


class TcnBlock(nn.Module):
    """relu(conv2(relu(conv1(h)))) + res(h), then relu; causal left padding (kernel - 1) * dilation."""

    def __init__(self, channels, width, kernel, dilation):
        super().__init__()
        self.pad = (kernel - 1) * dilation
        self.conv1 = nn.Conv1d(channels, width, kernel, dilation=dilation)
        self.conv2 = nn.Conv1d(width, width, kernel, dilation=dilation)
        self.res = nn.Conv1d(channels, width, 1) if channels != width else None

    def forward(self, h):
        h1 = F.relu(self.conv1(F.pad(h, (self.pad, 0))))
        h2 = F.relu(self.conv2(F.pad(h1, (self.pad, 0))))
        return F.relu(h2 + (self.res(h) if self.res is not None else h))


class ConvWta(nn.Module):
    """x[B, C, T] -> TCN -> encoder z[B, N, L] -> channel top-k -> decoder y[B, C, T]; returns the MSE loss."""

    def __init__(self, channels, atoms, frame, k, tcn, tcn_kernel):
        super().__init__()
        blocks, width = [], channels
        for i, w in enumerate(tcn):
            blocks.append(TcnBlock(width, w, tcn_kernel, 2 ** i))
            width = w
        self.tcn = nn.Sequential(*blocks)
        self.encoder = nn.Conv1d(width, atoms, frame, stride=frame, bias=False)
        self.decoder = nn.ConvTranspose1d(atoms, channels, frame, stride=frame, bias=False)
        self.k = k

    def forward(self, x):
        z = self.encoder(self.tcn(x))
        winners = z.topk(self.k, dim=1).indices
        mask = torch.zeros_like(z).scatter_(1, winners, 1.0)
        return F.mse_loss(self.decoder(z * mask), x)


def make_input(config, length, generator, device):
    shape = (config["batch"], config["channels"], length)
    if config["input"] == "sparse":   # each entry nonzero with probability 0.08, uniform in [0, 1]
        keep = torch.rand(shape, generator=generator) < 0.08
        x = torch.rand(shape, generator=generator) * keep
    else:                             # exactly one 1 per (b, t)
        x = torch.zeros(shape)
        hot = torch.randint(config["channels"], (config["batch"], 1, length), generator=generator)
        x.scatter_(1, hot, 1.0)
    return x.to(device)


def flops_per_step(config, length):
    """2 x the multiply-adds of every conv pass, as TrainingStep.FlopsPerStep counts them."""
    b, c, n, k = config["batch"], config["channels"], config["atoms"], config["frame"]
    frames = (length + k - 1) // k
    padded = frames * k
    encoder_channels = config["tcn"][-1] if config["tcn"] else c
    codec = b * frames * n * encoder_channels * k
    decoder = b * frames * n * c * k
    macs = codec * (3 if config["tcn"] else 2) + decoder * 3
    channels = c
    for i, width in enumerate(config["tcn"]):
        conv1 = b * padded * width * channels * config["tcn_kernel"]
        conv2 = b * padded * width * width * config["tcn_kernel"]
        residual = b * padded * width * channels if channels != width else 0
        macs += (conv1 + residual) * (3 if i > 0 else 2) + conv2 * 3
        channels = width
    return 2 * macs


def set_tf32(matmul, cudnn):
    torch.backends.cuda.matmul.allow_tf32 = matmul
    torch.backends.cudnn.allow_tf32 = cudnn


def measure(name, mode, length, steps, warmup, device):
    config = CONFIGS[name]
    torch.manual_seed(1)
    defaults = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
    if mode != "default":
        set_tf32(False, False)
    try:
        model = ConvWta(config["channels"], config["atoms"], config["frame"], config["k"], config["tcn"],
                        config["tcn_kernel"]).to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = make_input(config, length, torch.Generator().manual_seed(1), device)
        loss_of = torch.compile(model) if mode == "compile" else model
        times, loss = [], float("nan")
        for i in range(warmup + steps):
            start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            step_loss = loss_of(x)
            step_loss.backward()
            optimizer.step()
            loss = step_loss.item()   # waits for the device, as tcnwta's step does when it reads its loss
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1e3)
    finally:
        set_tf32(*defaults)
    median = statistics.median(times)
    return {
        "config": name, "mode": mode, "device": device,
        "device_name": torch.cuda.get_device_name(0) if device == "cuda" else "cpu",
        "torch": torch.__version__, "batch": config["batch"], "length": length, "steps": steps,
        "ms_per_step_median": median, "min_ms": min(times), "max_ms": max(times),
        "gflops_per_second": flops_per_step(config, length) / (median * 1e-3) / 1e9, "final_loss": loss,
    }


def tcnwta_medians(path):
    """(config, length, precision) -> ms_per_step_median of the GPU rows of a `tcnwta bench --json` output.

    Rows of other devices (`--device cuda,cpu` also prints the CPU's) and non-JSON lines are skipped; a row without a
    precision field is fp32, the default.
    """
    medians = {}
    with open(path) as lines:
        for line in lines:
            if not line.lstrip().startswith("{"):
                continue
            row = json.loads(line)
            if row.get("device") not in ("cuda", "opencl"):
                continue
            medians[(row["config"], row["length"], row.get("precision", "fp32"))] = row["ms_per_step_median"]
    return medians


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="groove,maestro", help="comma-separated: groove, maestro")
    parser.add_argument("--modes", default="fp32,default,compile", help="comma-separated: fp32, default, compile")
    parser.add_argument("--length", type=int,
                        help="time steps (default: the config's, 16 for groove and 4096 for maestro)")
    parser.add_argument("--steps", type=int, default=10, help="timed steps (default 10, as tcnwta bench)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10, as tcnwta bench)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--tcnwta", help="a file of `tcnwta bench --json` output to print ratios against")
    args = parser.parse_args()
    if args.steps < 1 or args.warmup < 0:
        parser.error("--steps must be at least 1 and --warmup at least 0")
    names, modes = args.config.split(","), args.modes.split(",")
    for name in names:
        if name not in CONFIGS:
            parser.error(f"unknown config '{name}'; choose groove or maestro")
    for mode in modes:
        if mode not in ("fp32", "default", "compile"):
            parser.error(f"unknown mode '{mode}'; choose fp32, default or compile")
    ours = tcnwta_medians(args.tcnwta) if args.tcnwta else {}
    rows = [measure(name, mode, args.length or CONFIGS[name]["length"], args.steps, args.warmup, args.device)
            for name in names for mode in modes]
    print(f"{'config':8} {'length':>6} {'mode':8} {'ms/step':>9} {'GFLOP/s':>9} "
          f"{'ours fp32':>10} {'fp32/torch':>10} {'ours tf32':>10} {'tf32/torch':>10}")
    for row in rows:
        cells = []
        for precision in ("fp32", "tf32"):
            mine = ours.get((row["config"], row["length"], precision))
            cells.append("%10.3f" % mine if mine else "%10s" % "-")
            cells.append("%10.2f" % (mine / row["ms_per_step_median"]) if mine else "%10s" % "-")
        print(f"{row['config']:8} {row['length']:6} {row['mode']:8} {row['ms_per_step_median']:9.3f} "
              f"{row['gflops_per_second']:9.1f} " + " ".join(cells))
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
