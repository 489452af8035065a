#!/usr/bin/env python3
"""PyTorch twin of @quakefed/model's reference classifier, for the `train` benchmark.

Same architecture as packages/model/src/model.ts: the input's average pooling over `inputPool`
frames ('valid'), a stack of conv1d layers (kernel k, stride s, TensorFlow 'same' padding, ReLU),
global average pooling, one dense logit. Trains with Adam and the
same binary focal loss as packages/model/src/losses.ts on random windows (batch 32 by default,
1 thread), then times inference (batch 256, eval mode, torch.inference_mode) and prints one JSON line:
{"torch_windows_per_s": ..., "torch_inference_windows_per_s": ..., "params": ..., "threads": ...,
"torch_version": ...}.

Each figure is the best of `repeats` timed runs (the bench reports its own figures the same way), so
a burst of load from other processes on a shared machine depresses it less.

Usage: torch_train.py '<json config>'  with keys windowLength, channels, inputPool, filters, kernelSize,
strides, batchSize, steps, warmup, repeats, focalAlpha, focalGamma, inferenceBatchSize,
inferenceBatches (all optional).
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F


def same_padding(length, kernel, stride):
    """TensorFlow 'same' padding (left, right) for a 1-D input of `length`."""
    out = math.ceil(length / stride)
    total = max((out - 1) * stride + kernel - length, 0)
    return total // 2, total - total // 2


class Classifier(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.kernel, self.stride, self.pool = cfg["kernelSize"], cfg["strides"], cfg["inputPool"]
        layers, cin = [], cfg["channels"]
        for f in cfg["filters"]:
            layers.append(torch.nn.Conv1d(cin, f, self.kernel, self.stride))
            cin = f
        self.convs = torch.nn.ModuleList(layers)
        self.logit = torch.nn.Linear(cin, 1)

    def forward(self, x):  # x: [batch, channels, length]
        if self.pool > 1:
            x = F.avg_pool1d(x, self.pool)
        for conv in self.convs:
            x = F.relu(conv(F.pad(x, same_padding(x.shape[-1], self.kernel, self.stride))))
        return self.logit(x.mean(dim=-1))


def focal_loss(logits, labels, alpha, gamma):
    """Mean of -alpha_t (1 - p_t)^gamma log p_t from logits, written as losses.ts writes it."""
    s = (2 * labels - 1) * logits
    alpha_t = labels * (2 * alpha - 1) + (1 - alpha)
    return (alpha_t * torch.exp(-gamma * F.softplus(s)) * F.softplus(-s)).mean()


def best_rate(repeats, windows, run):
    """Windows per second of the fastest of `repeats` calls of `run`, each processing `windows`."""
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        best = max(best, windows / (time.perf_counter() - t0))
    return best


def training_throughput(model, cfg):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    b = cfg["batchSize"]
    x = torch.randn(b, cfg["channels"], cfg["windowLength"])
    y = (torch.rand(b, 1) < 0.5).float()

    def step():
        opt.zero_grad()
        loss = focal_loss(model(x), y, cfg["focalAlpha"], cfg["focalGamma"])
        loss.backward()
        opt.step()

    for _ in range(cfg["warmup"]):
        step()
    return best_rate(cfg["repeats"], cfg["steps"] * b, lambda: [step() for _ in range(cfg["steps"])])


def inference_throughput(model, cfg):
    b = cfg["inferenceBatchSize"]
    x = torch.randn(b, cfg["channels"], cfg["windowLength"])
    model.eval()
    with torch.inference_mode():
        for _ in range(2):
            model(x)
        rate = best_rate(cfg["repeats"], cfg["inferenceBatches"] * b,
                         lambda: [torch.sigmoid(model(x)) for _ in range(cfg["inferenceBatches"])])
    model.train()
    return rate


def main():
    cfg = {"windowLength": 1000, "channels": 3, "inputPool": 1, "filters": [8, 8, 16, 16, 32, 32, 64, 64],
           "kernelSize": 3, "strides": 2, "batchSize": 32, "steps": 100, "warmup": 10, "repeats": 3,
           "focalAlpha": 0.25, "focalGamma": 2.0, "inferenceBatchSize": 256, "inferenceBatches": 16}
    if len(sys.argv) > 1:
        cfg.update(json.loads(sys.argv[1]))
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Classifier(cfg)
    train = training_throughput(model, cfg)
    inference = inference_throughput(model, cfg)
    print(json.dumps({
        "torch_windows_per_s": train,
        "torch_inference_windows_per_s": inference,
        "params": sum(p.numel() for p in model.parameters()),
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    main()
