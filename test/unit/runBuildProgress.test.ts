import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { failingStep, parseBuildProgress } from '../../core/src/run/buildProgress';
import { recogniseRunFailure, TOOLKIT_INSTALL_URL } from '../../core/src/run/preflight';

const DOCKERFILE = `ARG BASE=mldock-test/busybox:1
FROM \${BASE} AS builder
RUN echo building
RUN echo "about to fail" && \\
    exit 3

FROM \${BASE}
COPY --from=builder /etc/hostname /x
RUN exit 4
`;

// Legacy builder output as docker 20–28 prints it (captured from a real build of a file like this one).
const LEGACY_FAIL = `Sending build context to Docker daemon  2.048kB
Step 1/8 : ARG BASE=mldock-test/busybox:1
Step 2/8 : FROM \${BASE} AS builder
 ---> e1030a70f8fc
Step 3/8 : RUN echo building
 ---> Running in d576dec69e12
building
Removing intermediate container d576dec69e12
 ---> 081a0dc85104
Step 4/8 : RUN echo "about to fail" &&     exit 3
 ---> Running in 46fbae02e792
about to fail
The command '/bin/sh -c echo "about to fail" &&     exit 3' returned a non-zero code: 3`;

// BuildKit plain progress (docker buildx 0.12+).
const BUILDKIT_FAIL = `#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 212B done
#1 DONE 0.0s

#5 [builder 2/3] RUN echo building
#5 0.231 building
#5 DONE 0.3s

#6 [builder 3/3] RUN echo "about to fail" &&     exit 3
#6 0.201 about to fail
#6 ERROR: process "/bin/sh -c echo \\"about to fail\\" &&     exit 3" did not complete successfully: exit code: 3
------
 > [builder 3/3] RUN echo "about to fail" &&     exit 3:
0.201 about to fail
------
Dockerfile:4
--------------------
   3 |     RUN echo building
   4 | >>> RUN echo "about to fail" && \\
   5 | >>>     exit 3
   6 |     
--------------------
ERROR: failed to solve: process "/bin/sh -c echo \\"about to fail\\" &&     exit 3" did not complete successfully: exit code: 3`;

describe('parseBuildProgress', () => {
  test('legacy and BuildKit step lines', () => {
    assert.deepEqual(parseBuildProgress('Step 3/8 : RUN echo building'), { step: 3, total: 8, text: 'RUN echo building' });
    assert.deepEqual(parseBuildProgress('#6 [builder 3/3] RUN echo "about to fail" &&     exit 3'), { step: 3, total: 3, text: 'RUN echo "about to fail" &&     exit 3', stage: 'builder' });
    assert.deepEqual(parseBuildProgress('#7 [2/3] COPY --from=builder /etc/hostname /x\r'), { step: 2, total: 3, text: 'COPY --from=builder /etc/hostname /x' });
    assert.deepEqual(parseBuildProgress('#4 [stage-1 1/3] FROM docker.io/library/busybox'), { step: 1, total: 3, text: 'FROM docker.io/library/busybox', stage: 'stage-1' });
    for (const other of ['#1 [internal] load build definition from Dockerfile', '#6 DONE 0.3s', ' ---> Running in 46fbae02e792', 'Successfully built 081a0dc85104', '', 'Step 3 : RUN x']) {
      assert.equal(parseBuildProgress(other), undefined, other);
    }
  });
});

describe('failingStep', () => {
  test('legacy: step N is the Nth instruction of the file (global ARGs count)', () => {
    assert.deepEqual(failingStep(LEGACY_FAIL.split('\n'), DOCKERFILE), {
      line: 3,
      message: `The command '/bin/sh -c echo "about to fail" &&     exit 3' returned a non-zero code: 3`,
    });
  });

  test('legacy: output arriving in chunks, and a later failure in the second stage', () => {
    const second = `Step 7/8 : COPY --from=builder /etc/hostname /x\n ---> 1a2b\nStep 8/8 : RUN exit 4\n ---> Running in 9f\nThe command '/bin/sh -c exit 4' returned a non-zero code: 4\n`;
    assert.deepEqual(failingStep([second.slice(0, 30), second.slice(30)], DOCKERFILE), { line: 8, message: "The command '/bin/sh -c exit 4' returned a non-zero code: 4" });
  });

  test('legacy: COPY failures; a successful build has no failing step', () => {
    const copy = 'Step 7/8 : COPY --from=builder /etc/hostname /x\nCOPY failed: stat etc/hostname: file does not exist';
    assert.deepEqual(failingStep(copy.split('\n'), DOCKERFILE), { line: 7, message: 'COPY failed: stat etc/hostname: file does not exist' });
    assert.equal(failingStep(['Step 3/8 : RUN echo building', ' ---> 081a', 'Successfully built 081a'], DOCKERFILE), undefined);
    assert.equal(failingStep(['unable to prepare context: path "nope" not found'], DOCKERFILE), undefined);
  });

  test('legacy: when the step numbers do not match (an edited file), the printed instruction finds the line', () => {
    const edited = `# a comment now\n${DOCKERFILE.replace('RUN echo building\n', 'RUN echo building\nRUN echo inserted\n')}`;
    assert.equal(failingStep(LEGACY_FAIL.split('\n'), edited)?.line, 5);
  });

  test('BuildKit: the Dockerfile:N line above the source excerpt, and the solver message', () => {
    assert.deepEqual(failingStep(BUILDKIT_FAIL.split('\n'), DOCKERFILE), {
      line: 3,
      message: 'process "/bin/sh -c echo \\"about to fail\\" &&     exit 3" did not complete successfully: exit code: 3',
    });
  });

  test('BuildKit: without the excerpt, the [stage x/y] of the failed step', () => {
    const noExcerpt = BUILDKIT_FAIL.split('\n').filter((l) => !/^(Dockerfile:4|-{20}|\s+\d+ \|)/.test(l));
    assert.equal(failingStep(noExcerpt, DOCKERFILE)?.line, 3);
    const unnamed = ['#9 [3/3] RUN exit 4', '#9 ERROR: process "/bin/sh -c exit 4" did not complete successfully: exit code: 4', '------', ' > [3/3] RUN exit 4:', '------'];
    assert.deepEqual(failingStep(unnamed, DOCKERFILE), { line: 8, message: 'process "/bin/sh -c exit 4" did not complete successfully: exit code: 4' });
  });
});

describe('recogniseRunFailure', () => {
  test('the daemon error of an engine without the NVIDIA Container Toolkit', () => {
    // docker 20–28 on a host without nvidia-container-toolkit, `docker run --gpus all …`.
    const stderr = 'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].\nRun \'docker run --help\' for more information\n';
    const problem = recogniseRunFailure(stderr)!;
    assert.equal(problem.code, 'no-gpu-runtime');
    assert.match(problem.message, /NVIDIA Container Toolkit is not installed or not configured/);
    assert.ok(problem.actions.some((a) => a.url === TOOLKIT_INSTALL_URL));
    assert.ok(problem.actions.some((a) => a.kind === 'run-on-cpu'));
    assert.match(problem.detail!, /nvidia-ctk runtime configure/);
  });

  test('other GPU and start failures', () => {
    assert.equal(recogniseRunFailure('docker: Error response from daemon: unknown or invalid runtime name: nvidia.')?.code, 'no-gpu-runtime');
    assert.equal(recogniseRunFailure('Error: crun: error executing hook ... CDI device injection failed: unresolvable CDI devices nvidia.com/gpu=all')?.code, 'no-gpu-runtime');
    assert.match(recogniseRunFailure('nvidia-container-cli: initialization error: nvml error: driver not loaded: unknown')!.message, /no NVIDIA driver is loaded/);
    const old = recogniseRunFailure('docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error running hook #0: error running hook: exit status 1, stdout: , stderr: Auto-detected mode as \'legacy\'\nnvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.4, please update your driver to a newer version, or use an earlier cuda container: unknown.')!;
    assert.equal(old.code, 'driver-too-old');
    assert.match(old.message, /CUDA 12\.4, which needs NVIDIA driver 550\.54\.14 or newer/);
    const port = recogniseRunFailure('docker: Error response from daemon: driver failed programming external connectivity on endpoint x (abc): Bind for 0.0.0.0:8080 failed: port is already allocated.')!;
    assert.equal(port.code, 'port-in-use');
    assert.match(port.message, /Host port 8080 is already in use/);
    const name = recogniseRunFailure('docker: Error response from daemon: Conflict. The container name "/train" is already in use by container "abc". You have to remove (or rename) that container to be able to reuse that name.')!;
    assert.equal(name.code, 'name-in-use');
    assert.match(name.message, /"train" already exists/);
    assert.equal(recogniseRunFailure('docker: Error response from daemon: something else entirely.'), undefined);
  });
});
