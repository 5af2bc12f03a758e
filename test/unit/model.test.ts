import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src';
import { lookupStageVariable, resolveGlobalArgs, isInFinalImage } from '../../core/src/model/stages';
import { parseImageRef } from '../../core/src/parse/imageRef';
import { substituteVariables } from '../../core/src/parse/variables';

const dockerfile = `# syntax=docker/dockerfile:1
ARG PY=3.11
ARG BASE=python:\${PY}-slim
FROM \${BASE} AS Builder
ENV PIP_NO_CACHE_DIR=1
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt && \\
    # inline comment
    echo ok

FROM builder AS test
ARG PY
RUN echo $PY

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
COPY --from=builder /opt/venv /opt/venv
COPY --from=0 /x /x
# mldock ignore=ML201, ML401
RUN pip install x
# mldock global ignore=ML106
CMD ["python", "-m", "app"]
`;

test('stages, names, base stages, images resolved through global ARGs', () => {
  const doc = analyzeDocument(dockerfile);
  assert.equal(doc.stages.length, 3);
  const [builder, child, final] = doc.stages;
  assert.equal(builder!.name, 'builder');
  assert.equal(builder!.image?.name, 'python');
  assert.equal(builder!.image?.tag, '3.11-slim');
  assert.equal(child!.baseStage, builder, 'FROM builder refers to the stage (case-insensitive)');
  assert.equal(child!.image, undefined);
  assert.equal(final!.image?.name, 'nvidia/cuda');
  assert.equal(doc.finalStage, final);
  assert.deepEqual(final!.copiesFrom.map((r) => r.stage?.index), [0, 0]);
  assert.equal(isInFinalImage(builder!, doc.finalStage), false);
  assert.equal(analyzeDocument(dockerfile, { target: 'test' }).finalStage?.name, 'test');
  const targeted = analyzeDocument(dockerfile, { target: 'test' });
  assert.equal(isInFinalImage(targeted.stages[0]!, targeted.finalStage), true, 'the target\'s base stage is in its image');
});

test('instructions: flags with options, exec form, joined RUN commands, directives', () => {
  const doc = analyzeDocument(dockerfile);
  assert.deepEqual(doc.directives.map((d) => [d.name, d.value]), [['syntax', 'docker/dockerfile:1']]);
  const run = doc.instructions.find((i) => i.keyword === 'RUN')!;
  assert.deepEqual(run.flags[0]!.options.map((o) => [o.name, o.value]), [['type', 'cache'], ['target', '/root/.cache/pip']]);
  assert.deepEqual(run.commands.map((c) => c.program.name), ['pip', 'echo']);
  const pipWord = run.commands[0]!.program.word!;
  assert.equal(doc.text.slice(pipWord.start, pipWord.end), 'pip', 'words carry document offsets');
  const cmd = doc.instructions.find((i) => i.keyword === 'CMD')!;
  assert.deepEqual(cmd.execForm?.map((a) => a.value), ['python', '-m', 'app']);
});

test('exec form keeps the spaces and escapes inside its JSON strings', () => {
  const doc = analyzeDocument('FROM python:3.12-slim\nCMD ["sh", "-c", "exec uvicorn app:app --port \\"$PORT\\""]\n');
  const cmd = doc.instructions.find((i) => i.keyword === 'CMD')!;
  assert.deepEqual(cmd.execForm?.map((a) => a.value), ['sh', '-c', 'exec uvicorn app:app --port "$PORT"']);
});

test('variables: stage ARG/ENV lookup, global defaults, substitution operators', () => {
  const doc = analyzeDocument(dockerfile);
  const globals = resolveGlobalArgs(doc.globalArgs);
  assert.equal(globals.get('BASE'), 'python:3.11-slim');
  const [builder, child] = doc.stages;
  assert.equal(lookupStageVariable(builder!, 'PIP_NO_CACHE_DIR', 99), '1');
  assert.equal(lookupStageVariable(child!, 'PIP_NO_CACHE_DIR', 99), '1', 'ENV is inherited from the base stage');
  assert.equal(lookupStageVariable(child!, 'PY', 99, globals), '3.11', 'a redeclared ARG takes the global default');
  assert.equal(lookupStageVariable(builder!, 'PY', 99, globals), undefined, 'a global ARG is not visible without redeclaring it');
  const sub = substituteVariables('${A:-x}-${B-y}-${C:+z}-$D', (n) => ({ A: '', B: '', C: 'c' } as Record<string, string>)[n]);
  assert.equal(sub.value, 'x--z-');
  assert.deepEqual(sub.unresolved, ['D']);
  // The lookup may itself substitute (an ENV whose value refers to an ARG): each call keeps its own position.
  const nested = substituteVariables('$PORT-$HOST', (n) => substituteVariables(n === 'PORT' ? '${BASE}0' : 'h', () => '808').value);
  assert.equal(nested.value, '8080-h');
});

test('suppression comments apply to the next instruction or the whole file', () => {
  const doc = analyzeDocument(dockerfile);
  const pipRun = doc.instructions.filter((i) => i.keyword === 'RUN').at(-1)!;
  assert.deepEqual([...doc.suppressions.byInstruction.get(pipRun.index)!], ['ML201', 'ML401']);
  assert.deepEqual([...doc.suppressions.global], ['ML106']);
});

test('image references', () => {
  assert.deepEqual(parseImageRef('docker.io/library/python:3.11-slim'), { raw: 'docker.io/library/python:3.11-slim', registry: undefined, name: 'python', tag: '3.11-slim', digest: undefined });
  assert.equal(parseImageRef('localhost:5000/team/img')?.name, 'localhost:5000/team/img');
  assert.equal(parseImageRef('localhost:5000/team/img')?.tag, undefined);
  assert.equal(parseImageRef('img@sha256:abc')?.digest, 'sha256:abc');
});

test('typing in a later stage keeps the stages before it as they were; an edit in a stage rebuilds it and those after', () => {
  const first = analyzeDocument(dockerfile);
  const typedInFinal = dockerfile.replace('RUN pip install x', 'RUN pip install xy');
  const second = analyzeDocument(typedInFinal, { previous: first });
  assert.equal(second.stages[0], first.stages[0], 'the builder stage is the same object, so what rules memoise for it lasts');
  assert.equal(second.stages[1], first.stages[1]);
  assert.notEqual(second.stages[2], first.stages[2], 'the edited stage is built again');
  assert.equal(second.stages[1]!.baseStage, second.stages[0]);
  assert.equal(second.stages[2]!.copiesFrom[0]!.stage, second.stages[0], 'a new stage links to the reused ones');

  const typedInBuilder = dockerfile.replace('echo ok', 'echo okay');
  const third = analyzeDocument(typedInBuilder, { previous: first });
  assert.ok(third.stages.every((s, i) => s !== first.stages[i]), 'an edit in the first stage rebuilds every stage');
  assert.equal(third.stages[1]!.baseStage, third.stages[0], 'links point at the new stages, never at the earlier analysis');

  const newStageAfter = analyzeDocument(dockerfile.replace('\nFROM nvidia', '\nRUN echo more\nFROM nvidia'), { previous: first });
  assert.notEqual(newStageAfter.stages[1], first.stages[1], 'an instruction added at the end of a stage rebuilds that stage');
  assert.equal(newStageAfter.stages[1]!.instructions.at(-1)!.keyword, 'RUN');
  const changedGlobal = analyzeDocument(dockerfile.replace('ARG PY=3.11', 'ARG PY=3.12'), { previous: first });
  assert.equal(changedGlobal.stages[0]!.image?.tag, '3.12-slim', 'a changed global ARG is seen by every stage');
});
