import * as assert from 'node:assert/strict';
import { rankPlacement } from '../../../../src/core/lint/rules/kubernetes/mpi-launch';

const placement = (line: string) => rankPlacement(line.split(' '));

describe('rankPlacement: how an MPIJob launcher places its ranks', () => {
  it('reads one rank per slot when mpirun or the DeepSpeed launcher gives no count', () => {
    assert.deepEqual(placement('mpirun --allow-run-as-root -bind-to none -x NCCL_DEBUG=INFO -mca pml ob1 python train.py'), { by: 'slots' });
    assert.deepEqual(placement('deepspeed --hostfile /etc/mpi/hostfile train.py'), { by: 'slots' });
  });

  it('reads a literal total count, and not the program’s own flags', () => {
    assert.deepEqual(placement('mpirun -np 16 -bind-to none ./all_reduce_perf'), { by: 'count', ranks: 16 });
    assert.deepEqual(placement('horovodrun -np 4 python train.py'), { by: 'count', ranks: 4 });
    assert.deepEqual(placement('mpirun python train.py -n 50'), { by: 'slots' });
  });

  it('reads nothing from run-time counts, placement flags, other hostfiles, several launches or per-GPU spawners', () => {
    for (const line of [
      'mpirun -np ${NP} python train.py',
      'mpirun -npernode 8 python train.py',
      'mpirun --map-by ppr:8:node python train.py',
      'mpirun --oversubscribe python train.py',
      'mpirun -hostfile /tmp/hosts python train.py',
      'mpirun -np 2 hostname ; mpirun -np 2 python train.py',
      'mpirun -np 2 torchrun --nproc_per_node=8 train.py',
      'mpirun -np 2 python -m torch.distributed.run --nproc_per_node=8 train.py',
      'mpirun ./all_reduce_perf -g 8',
      'deepspeed --num_gpus 4 train.py',
      'python train.py',
    ]) {
      assert.equal(placement(line), undefined, line);
    }
  });
});
