"""ncverify's PyTorch worker (practical --engine torch, and bench's PyTorch side).

Run by ncverify.practical.TorchWorker as `python3 torch_worker.py CONFIG.json`; never by hand.
The Java side decides everything a run depends on and passes it in: the initial parameters (the
ND4J engine's own seeded initialisation), the batch order of every epoch, the learning rate of
every epoch and the measured epochs. This script only runs the arithmetic, so both engines train
the same recipe:

  F_B = (1/|B|) sum_B l(W_M ... W_1 h_i (+ b), y_i) + (lambda_H/2)(1/|B|) sum_B |h_i|^2
        + sum_m (lambda_W/2) |W_m|_F^2

with l one of ncverify.problem.Loss: ce, mse = 1/2 |z - e_y|^2, ls = cross-entropy against
(1 - alpha) e_y + alpha/K, focal = -(1 - p_y)^gamma log p_y; ReLU backbone layers with
unregularised biases; the feature layer h of ncverify.practical.MlpShape.FeatureLayer (relu: the
last ReLU output; batchnorm: (a - mean)/sqrt(var + 1e-5) * gamma + beta with the batch's mean and
biased variance in training and the whole training subset's at a checkpoint; linear: W_f a + b_f,
d x d); a bias-free head except an optional unregularised last-layer bias; no decay on the backbone,
the feature layer or b; Adam (beta = 0.9, 0.999, eps = 1e-8, L2 in the gradient) or SGD with
heavy-ball momentum (ncverify.practical.Mlp, Updater, Trainer).

Parameters arrive flat in Mlp's layout: for each ReLU layer W_l (out x in, column-major) then b_l;
then the feature layer (linear: W_f column-major, b_f; batchnorm: gamma, beta; relu: nothing); then
the head layers W_1 ... W_M (column-major); then b.

stdout protocol (one line each): `epoch E OBJECTIVE`, `checkpoint E PATH`, `diverged E OBJECTIVE`,
`result ...` (objective and bench modes). Errors go to stderr with a non-zero exit code.
"""
import json
import os
import sys
import time

import numpy as np


def fail(code, message):
    sys.stderr.write(message + "\n")
    sys.exit(code)


def load_torch(cfg):
    import torch
    torch.set_num_threads(int(cfg["threads"]))
    torch.manual_seed(int(cfg.get("seed", 0)))
    # Deterministic kernels; on CUDA this needs CUBLAS_WORKSPACE_CONFIG, which the Java side sets.
    torch.use_deterministic_algorithms(True)
    device = cfg.get("device", "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        fail(3, "device cuda requested but torch.cuda.is_available() is False")
    return torch, torch.device(device)


BATCHNORM_EPSILON = 1e-5  # BatchNorm1d's default, as in P1's code and ncverify.practical.Mlp


class Net:
    """The practical MLP of ncverify.practical.MlpShape with its parameters as leaf tensors."""

    def __init__(self, torch, device, dtype, shape, flat):
        self.torch = torch
        self.relu_w, self.relu_b, self.head_w, self.bias = [], [], [], None
        self.feature = shape.get("featureLayer", "relu")
        self.feature_a = self.feature_b = None  # linear: W_f, b_f; batchnorm: gamma, beta
        flat = np.asarray(flat, dtype=np.float64)
        at = 0
        inp = int(shape["input"])

        def take(rows, cols, vector=False):
            nonlocal at
            block = flat[at:at + rows * cols]
            at += rows * cols
            # column-major rows x cols == the transpose of a C-order cols x rows block
            m = block.reshape(rows) if vector else np.ascontiguousarray(block.reshape(cols, rows).T)
            return torch.tensor(m, dtype=dtype, device=device, requires_grad=True)

        for out in shape["backbone"]:
            self.relu_w.append(take(out, inp))
            self.relu_b.append(take(out, 1, vector=True))
            inp = out
        if self.feature == "linear":
            self.feature_a = take(inp, inp)
            self.feature_b = take(inp, 1, vector=True)
        elif self.feature == "batchnorm":
            self.feature_a = take(inp, 1, vector=True)
            self.feature_b = take(inp, 1, vector=True)
        elif self.feature != "relu":
            fail(4, "unknown feature layer " + self.feature)
        widths = list(shape["headInner"]) + [int(shape["classes"])]
        for out in widths:
            self.head_w.append(take(out, inp))
            inp = out
        if shape["headBias"]:
            self.bias = take(int(shape["classes"]), 1, vector=True)
        if at != flat.size:
            fail(4, "parameter vector has %d entries, the shape needs %d" % (flat.size, at))

    def parameters(self):
        p = []
        for w, b in zip(self.relu_w, self.relu_b):
            p += [w, b]
        if self.feature_a is not None:
            p += [self.feature_a, self.feature_b]
        p += self.head_w
        if self.bias is not None:
            p.append(self.bias)
        return p  # Mlp's flat order

    def backbone(self, x):
        """The last ReLU layer's output."""
        a = x
        for w, b in zip(self.relu_w, self.relu_b):
            a = self.torch.relu(a @ w.T + b)
        return a

    def statistics(self, x, chunk=1000):
        """BatchNorm's (mean, biased variance) of the last ReLU output over all of x (float64)."""
        with self.torch.no_grad():
            a = self.torch.cat([self.backbone(x[s:s + chunk]) for s in range(0, x.shape[0], chunk)])
            a = a.double()
            mean = a.mean(0)
            return mean, ((a - mean) ** 2).mean(0)

    def forward(self, x, stats=None):
        """Features h and logits z; BatchNorm uses the batch's statistics unless stats is given."""
        a = self.backbone(x)
        if self.feature == "linear":
            a = a @ self.feature_a.T + self.feature_b
        elif self.feature == "batchnorm":
            if stats is None:
                mean, var = a.mean(0), a.var(0, unbiased=False)
            else:
                mean, var = (s.to(a.dtype) for s in stats)
            a = (a - mean) / self.torch.sqrt(var + BATCHNORM_EPSILON) * self.feature_a \
                + self.feature_b
        z = a
        for w in self.head_w:
            z = z @ w.T
        if self.bias is not None:
            z = z + self.bias
        return a, z

    def objective(self, x, y, loss, lambda_w, lambda_h):
        h, z = self.forward(x)
        data = data_loss(self.torch, z, y, loss)
        penalty_h = 0.5 * lambda_h * (h * h).sum(1).mean()
        penalty_w = sum((w * w).sum() for w in self.head_w) * (0.5 * lambda_w)
        return data + penalty_h + penalty_w


def loss_of(cfg):
    """The loss named by the configuration: kind (ce, mse, ls, focal) and its parameter."""
    return {"kind": cfg["loss"], "smoothing": cfg.get("smoothing"), "gamma": cfg.get("gamma")}


def data_loss(torch, z, y, loss):
    """(1/|B|) sum_B l(z_i, y_i) for loss = {"kind": ce|mse|ls|focal, "smoothing": a, "gamma": g}."""
    kind = loss["kind"]
    f = torch.nn.functional
    if kind == "ce":
        return f.cross_entropy(z, y, reduction="mean")
    if kind == "ls":
        # torch's label_smoothing is -sum_c q_c log p_c with q = (1 - a) e_y + a/K: Loss.LabelSmoothing
        return f.cross_entropy(z, y, reduction="mean", label_smoothing=float(loss["smoothing"]))
    if kind == "focal":
        # l = u^gamma t with t = -log p_y and u = 1 - p_y = sum_{j != y} p_j taken as
        # exp(logsumexp_{j != y} z_j - logsumexp z): no cancellation when p_y -> 1, and the
        # gradient of u^gamma = exp(gamma log u) stays finite at u -> 0 for every gamma >= 0
        # (Loss.Focal's reasoning)
        log_z = torch.logsumexp(z, 1)
        own = torch.nn.functional.one_hot(y, z.shape[1]).bool()
        log_u = torch.logsumexp(z.masked_fill(own, float("-inf")), 1) - log_z
        t = log_z - z.gather(1, y[:, None])[:, 0]
        return (torch.exp(float(loss["gamma"]) * log_u) * t).mean()
    if kind == "mse":
        target = f.one_hot(y, z.shape[1]).to(z.dtype)
        return 0.5 * ((z - target) ** 2).sum(1).mean()
    fail(4, "unknown loss " + str(kind))


def flat_gradient(net):
    parts = []
    for p in net.parameters():
        g = p.grad.detach().cpu().double().numpy()
        parts.append(g.T.reshape(-1) if g.ndim == 2 else g.reshape(-1))  # column-major
    return np.concatenate(parts)


def make_optimizer(torch, net, cfg):
    if cfg["updateRule"] == "adam":
        return torch.optim.Adam(net.parameters(), lr=1.0, betas=(0.9, 0.999), eps=1e-8,
                                weight_decay=0.0)
    return torch.optim.SGD(net.parameters(), lr=1.0, momentum=float(cfg["momentum"]),
                           dampening=0.0, nesterov=False, weight_decay=0.0)


def checkpoint(torch, net, x, y_np, epoch, out_dir, chunk=1000):
    # BatchNorm is measured with the whole training subset's statistics (Mlp.evaluate)
    stats = net.statistics(x, chunk) if net.feature == "batchnorm" else None
    with torch.no_grad():
        hs = []
        for s in range(0, x.shape[0], chunk):
            h, _ = net.forward(x[s:s + chunk], stats)
            hs.append(h.cpu().numpy())
        layers = [w.detach().cpu().numpy() for w in net.head_w]
    product = layers[0].astype(np.float64)
    for w in layers[1:]:
        product = w.astype(np.float64) @ product
    arrays = {"features": np.concatenate(hs), "labels": y_np.astype(np.int64), "W": product}
    for m, w in enumerate(layers, 1):
        arrays["W%d" % m] = w
    if net.bias is not None:
        arrays["b"] = net.bias.detach().cpu().numpy()
    path = os.path.join(out_dir, "checkpoint-%d.npz" % epoch)
    tmp = path + ".part.npz"
    np.savez(tmp, **arrays)
    os.replace(tmp, path)  # the Java side never sees a half-written file
    return path


def train(cfg, arrays):
    torch, device = load_torch(cfg)
    dtype = torch.float64 if cfg.get("dtype") == "float64" else torch.float32
    x = torch.tensor(arrays["X"], dtype=dtype, device=device)
    y_np = arrays["y"].astype(np.int64)
    y = torch.tensor(y_np, device=device)
    net = Net(torch, device, dtype, cfg["shape"], arrays["params"])
    opt = make_optimizer(torch, net, cfg)
    order = torch.tensor(arrays["order"].astype(np.int64), device=device)
    lrs = arrays["lr"]
    measured = set(int(e) for e in arrays["measure"])
    n, batch, epochs = x.shape[0], int(cfg["batch"]), int(cfg["epochs"])
    loss, lw, lh = loss_of(cfg), float(cfg["lambdaW"]), float(cfg["lambdaH"])
    out_dir = cfg["out"]
    if 0 in measured:
        print("checkpoint 0 " + checkpoint(torch, net, x, y_np, 0, out_dir), flush=True)
    for epoch in range(1, epochs + 1):
        perm = order[min(epoch - 1, order.shape[0] - 1)]
        for group in opt.param_groups:
            group["lr"] = float(lrs[epoch - 1])
        total, steps = 0.0, 0
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            opt.zero_grad(set_to_none=False)
            f = net.objective(x[idx], y[idx], loss, lw, lh)
            f.backward()
            opt.step()
            total = total + f.detach()  # stays on the device: no GPU sync per step
            steps += 1
        total = float(total)
        if not np.isfinite(total):
            print("diverged %d %r" % (epoch, total), flush=True)
            sys.exit(0)
        print("epoch %d %r" % (epoch, total / steps), flush=True)
        if epoch in measured:
            print("checkpoint %d %s" % (epoch, checkpoint(torch, net, x, y_np, epoch, out_dir)),
                  flush=True)


def objective(cfg, arrays):
    """F_B and its gradient at the given parameters, in float64, written to OUT/result.npz."""
    torch, device = load_torch(cfg)
    dtype = torch.float64
    net = Net(torch, device, dtype, cfg["shape"], arrays["params"])
    idx = arrays["batch"].astype(np.int64)
    x = torch.tensor(arrays["X"][idx], dtype=dtype, device=device)
    y = torch.tensor(arrays["y"].astype(np.int64)[idx], device=device)
    f = net.objective(x, y, loss_of(cfg), float(cfg["lambdaW"]), float(cfg["lambdaH"]))
    f.backward()
    np.savez(os.path.join(cfg["out"], "result.npz"), objective=np.array([float(f)]), gradient=flat_gradient(net))
    print("result %r" % float(f), flush=True)


def timed(work, warmup, reps):
    for _ in range(warmup):
        work()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return sorted(wall)[len(wall) // 2], sorted(cpu)[len(cpu) // 2]


def bench_epoch(cfg, arrays):
    """Median wall and CPU seconds of one training epoch of this worker on random pixels."""
    torch, device = load_torch(cfg)
    n, pixels, k = int(cfg["samples"]), int(cfg["shape"]["input"]), int(cfg["shape"]["classes"])
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.random((n, pixels), dtype=np.float32), device=device)
    y = torch.tensor(np.arange(n) % k, device=device)
    net = Net(torch, device, torch.float32, cfg["shape"], arrays["params"])
    opt = make_optimizer(torch, net, cfg)
    batch = int(cfg["batch"])
    for group in opt.param_groups:
        group["lr"] = float(cfg["learningRate"])

    def epoch():
        for s in range(0, n, batch):
            opt.zero_grad(set_to_none=False)
            f = net.objective(x[s:s + batch], y[s:s + batch], loss_of(cfg), float(cfg["lambdaW"]),
                              float(cfg["lambdaH"]))
            f.backward()
            opt.step()
    wall, cpu = timed(epoch, int(cfg["warmup"]), int(cfg["repetitions"]))
    print("result %r %r" % (wall, cpu), flush=True)


def bench_ufm(cfg, arrays):
    """The UFM objective + gradient (THEORY section 2) at the given point: value, then median times.

    W1 ... WM (row-major), H (d x N, columns class by class), optional b; labels y."""
    torch, device = load_torch(cfg)
    dtype = torch.float64 if cfg.get("dtype") == "float64" else torch.float32
    depth = int(cfg["depth"])
    ws = [torch.tensor(arrays["W%d" % m], dtype=dtype, device=device, requires_grad=True)
          for m in range(1, depth + 1)]
    h = torch.tensor(arrays["H"], dtype=dtype, device=device, requires_grad=True)
    y = torch.tensor(arrays["y"].astype(np.int64), device=device)
    bias = cfg["bias"]
    b = torch.tensor(arrays["b"], dtype=dtype, device=device, requires_grad=True) \
        if bias != "none" else None
    lws = [float(v) for v in cfg["lambdaW"]]
    lh, lb, loss = float(cfg["lambdaH"]), float(cfg.get("lambdaB", 0.0)), cfg["loss"]
    leaves = ws + [h] + ([b] if b is not None else [])

    def value():
        product = ws[0]  # the end-to-end W = W_M ... W_1 first (K x d), then one product with H
        for w in ws[1:]:
            product = w @ product
        z = product @ h
        if b is not None:
            z = z + b[:, None]
        if loss == "ce":
            data = torch.nn.functional.cross_entropy(z.T, y, reduction="mean")
        else:
            target = torch.nn.functional.one_hot(y, z.shape[0]).to(z.dtype).T
            data = 0.5 * ((z - target) ** 2).sum() / z.shape[1]
        f = data + 0.5 * lh * (h * h).sum()
        for lw, w in zip(lws, ws):
            f = f + 0.5 * lw * (w * w).sum()
        if bias == "regularized":
            f = f + 0.5 * lb * (b * b).sum()
        return f

    def step():
        for p in leaves:
            p.grad = None
        value().backward()
    first = float(value())
    wall, cpu = timed(step, int(cfg["warmup"]), int(cfg["repetitions"]))
    print("result %r %r %r" % (first, wall, cpu), flush=True)


def main():
    if len(sys.argv) != 2:
        fail(4, "usage: torch_worker.py CONFIG.json")
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    # relative paths (a hand-off folder made by --worker-export) are relative to CONFIG.json's folder
    base = os.path.dirname(os.path.abspath(sys.argv[1]))
    for key in ("input", "out"):
        cfg[key] = os.path.join(base, cfg[key])
    with np.load(cfg["input"]) as z:
        arrays = {k: z[k] for k in z.files}
    mode = cfg["mode"]
    if mode == "train":
        train(cfg, arrays)
    elif mode == "objective":
        objective(cfg, arrays)
    elif mode == "bench-epoch":
        bench_epoch(cfg, arrays)
    elif mode == "bench-ufm":
        bench_ufm(cfg, arrays)
    else:
        fail(4, "unknown mode " + mode)


if __name__ == "__main__":
    main()
