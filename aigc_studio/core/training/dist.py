"""More than one process: ``aigc-studio train ...`` under ``torchrun`` (data-parallel training).

torchrun sets ``WORLD_SIZE``, ``RANK`` and ``LOCAL_RANK`` (and the rendezvous ``MASTER_ADDR``/``MASTER_PORT``); with
``WORLD_SIZE`` > 1 the loop joins the process group (gloo on the CPU, NCCL on CUDA GPUs, one GPU per local rank).
Every rank draws the same global batch from the same generators and trains on its own contiguous part
(:meth:`Dist.shard`); after each backward pass the gradients are averaged over the ranks in flat buckets
(:meth:`Dist.average_grads`: the all-reduce of DistributedDataParallel, done where the task says, so gradient
clipping sees the global gradient and a GAN's two networks and two steps need no wrapper), so the update equals
the single-process update of the global batch. The losses shown are averaged over the ranks too, and the stop
decisions (time budget, stop-and-save, cancel) are rank 0's, shared every step, so all ranks stop together.
Rank 0 alone writes the run folder, samples and the model.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch


@dataclass
class Dist:
    world_size: int = 1
    rank: int = 0
    local_rank: int = 0
    owns_group: bool = False      # this process joined the group (and leaves it at the end)

    @property
    def active(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def shard(self, batch):
        """This rank's contiguous part of a global batch (a tensor or a list); the whole batch alone."""
        if not self.active:
            return batch
        n = len(batch)
        per = n // self.world_size
        return batch[self.rank * per:(self.rank + 1) * per]

    def average_grads(self, params) -> None:
        """Average the gradients of ``params`` over the ranks (in place)."""
        if not self.active:
            return
        import torch.distributed as tdist
        grads = [p.grad for p in params if p.grad is not None]
        if not grads:
            return
        for bucket in _buckets(grads, 8 << 20):
            flat = torch.cat([g.reshape(-1) for g in bucket])
            tdist.all_reduce(flat)
            flat /= self.world_size
            offset = 0
            for g in bucket:
                n = g.numel()
                g.copy_(flat[offset:offset + n].view_as(g))
                offset += n

    def broadcast_modules(self, modules: dict) -> None:
        """Rank 0's weights and buffers on every rank (as DistributedDataParallel does when it wraps a module)."""
        if not self.active:
            return
        import torch.distributed as tdist
        with torch.no_grad():
            for module in modules.values():
                for t in module.state_dict().values():
                    if torch.is_tensor(t):
                        tdist.broadcast(t, 0)

    def mean(self, values: dict[str, float]) -> dict[str, float]:
        """Figures averaged over the ranks (the global batch's loss)."""
        if not self.active or not values:
            return values
        import torch.distributed as tdist
        t = torch.tensor(list(values.values()), dtype=torch.float64, device=self._device())
        tdist.all_reduce(t)
        t /= self.world_size
        return dict(zip(values, t.cpu().tolist()))

    def rank0_flags(self, *flags: bool) -> tuple[bool, ...]:
        """Rank 0's values of ``flags`` on every rank."""
        if not self.active:
            return flags
        import torch.distributed as tdist
        t = torch.tensor([float(f) for f in flags], device=self._device())
        tdist.broadcast(t, 0)
        return tuple(bool(v) for v in t.cpu().tolist())

    def barrier(self) -> None:
        if self.active:
            import torch.distributed as tdist
            tdist.barrier()

    def close(self) -> None:
        if self.owns_group:
            import torch.distributed as tdist
            if tdist.is_initialized():
                tdist.destroy_process_group()
            self.owns_group = False

    def _device(self):
        import torch.distributed as tdist
        return torch.device("cuda", torch.cuda.current_device()) if tdist.get_backend() == "nccl" else "cpu"


def _buckets(tensors, limit_bytes: int):
    bucket, size = [], 0
    for t in tensors:
        bucket.append(t)
        size += t.numel() * t.element_size()
        if size >= limit_bytes:
            yield bucket
            bucket, size = [], 0
    if bucket:
        yield bucket


def from_env(device: str) -> tuple[Dist, str]:
    """(the process group of this run, the device to train on). Joins the group when torchrun started this
    process (``WORLD_SIZE`` > 1); a CUDA run trains on the GPU of its local rank."""
    try:
        world = int(os.environ.get("WORLD_SIZE", "1"))
        rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", str(rank)))
    except ValueError:
        world, rank, local = 1, 0, 0
    if world <= 1:
        return Dist(), device
    import torch.distributed as tdist
    cuda = device.startswith("cuda") and torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(local)
        device = f"cuda:{local}"
    owns = False
    if not tdist.is_initialized():
        tdist.init_process_group("nccl" if cuda else "gloo", rank=rank, world_size=world)
        owns = True
    return Dist(world, rank, local, owns), device
