import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../core/src';
import { describeCreatedBy, matchHistory, parseCreatedBy } from '../../core/src/layers/historyMatch';

const DOCKERFILE = `FROM mldock-test/busybox:1
ARG V=1
ENV A=1 B="x y"
WORKDIR /app
RUN dd if=/dev/zero of=/app/big bs=1M count=5 2>/dev/null
RUN rm /app/big
COPY a.txt /app/a.txt
COPY a.txt b.txt /app/
RUN ["echo", "hi"]
RUN mkdir -p /data/sub && echo x > /data/sub/f && \\
    echo y > /data/g
RUN rm -rf /data
LABEL dev.mldock.dockerfile=Dockerfile
CMD ["python", "app.py"]
`;

// `docker history --no-trunc` of that Dockerfile built by Docker 20.10's legacy builder, oldest first.
const LEGACY = [
  '',
  '/bin/sh -c #(nop)  ARG V=1',
  '/bin/sh -c #(nop)  ENV A=1 B=x y',
  '/bin/sh -c #(nop) WORKDIR /app',
  '|1 V=1 /bin/sh -c dd if=/dev/zero of=/app/big bs=1M count=5 2>/dev/null',
  '|1 V=1 /bin/sh -c rm /app/big',
  '/bin/sh -c #(nop) COPY file:81152cbbbf38de0c9e56f82f15a551a57a075d0b8b4ac3b5de8973c0a6683cef in /app/a.txt ',
  '/bin/sh -c #(nop) COPY multi:3203a282be3c0526f3a6e1840f4fe089e7ac95510e833d3ce8a1663b94d50431 in /app/ ',
  '|1 V=1 echo hi',
  '|1 V=1 /bin/sh -c mkdir -p /data/sub && echo x > /data/sub/f &&     echo y > /data/g',
  '|1 V=1 /bin/sh -c rm -rf /data',
  '/bin/sh -c #(nop)  LABEL dev.mldock.dockerfile=Dockerfile',
  '/bin/sh -c #(nop)  CMD ["python" "app.py"]',
];

// The same build as BuildKit records it.
const BUILDKIT = [
  'BusyBox base',
  'ARG V=1',
  'ENV A=1 B=x y',
  'WORKDIR /app',
  'RUN |1 V=1 /bin/sh -c dd if=/dev/zero of=/app/big bs=1M count=5 2>/dev/null # buildkit',
  'RUN |1 V=1 /bin/sh -c rm /app/big # buildkit',
  'COPY a.txt /app/a.txt # buildkit',
  'COPY a.txt b.txt /app/ # buildkit',
  'RUN |1 V=1 echo hi # buildkit',
  'RUN |1 V=1 /bin/sh -c mkdir -p /data/sub && echo x > /data/sub/f &&     echo y > /data/g # buildkit',
  'RUN |1 V=1 /bin/sh -c rm -rf /data # buildkit',
  'LABEL dev.mldock.dockerfile=Dockerfile',
  'CMD ["python" "app.py"]',
];

test('created_by strings of the legacy builder, BuildKit and custom shells', () => {
  assert.deepEqual(parseCreatedBy('|1 V=1 /bin/sh -c rm /app/big'), { keyword: 'RUN', text: 'rm /app/big' });
  assert.deepEqual(parseCreatedBy('|0 echo hi'), { keyword: 'RUN', text: 'echo hi' });
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop)  ENV A=1 B=x y'), { keyword: 'ENV', text: 'A=1 B=x y' });
  assert.deepEqual(parseCreatedBy('RUN /bin/bash -o pipefail -c pip install torch # buildkit'), { keyword: 'RUN', text: 'pip install torch' });
  assert.deepEqual(parseCreatedBy('COPY . /app # buildkit'), { keyword: 'COPY', text: '. /app' });
  assert.deepEqual(parseCreatedBy(''), { keyword: undefined, text: '' });
  assert.equal(describeCreatedBy(LEGACY[6]!), 'COPY file:81152cbbbf38… in /app/a.txt');
  assert.equal(describeCreatedBy('', 'Imported from -'), '(Imported from -)');
});

for (const [builder, rows] of [['legacy builder', LEGACY], ['BuildKit', BUILDKIT]] as const) {
  test(`every history row of a ${builder} build finds the instruction that made it`, () => {
    const doc = analyzeDocument(DOCKERFILE);
    const match = matchHistory(rows, doc)!;
    assert.ok(match, 'the Dockerfile matches');
    const lineOf = (row: number) => (match.byRow.has(row) ? match.byRow.get(row)!.startLine + 1 : undefined);
    assert.deepEqual(rows.map((_, i) => lineOf(i)), [undefined, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]);
  });
}

test('base-image rows, a stage chain, and a Dockerfile that did not build the image', () => {
  const multi = analyzeDocument('FROM busybox AS base\nRUN echo base\nFROM base AS app\nCOPY . /srv\nRUN make -C /srv\nFROM base AS test\nRUN pytest\n');
  const rows = ['', '/bin/sh -c #(nop)  CMD ["sh"]', '/bin/sh -c echo base', '/bin/sh -c #(nop) COPY dir:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef in /srv ', '/bin/sh -c make -C /srv'];
  const match = matchHistory(rows, multi)!;
  assert.equal(match.stage.name, 'app', 'the image was built from the app stage, which builds on base');
  assert.deepEqual([...match.byRow].map(([row, i]) => [row, i.startLine + 1]), [[4, 5], [3, 4], [2, 2]]);
  assert.equal(matchHistory(rows, multi, 'test'), undefined, 'the test target did not build this image');
  assert.equal(matchHistory(rows, analyzeDocument('FROM python:3.12\nRUN pip install flask\nCMD ["flask"]\n')), undefined);
});

test('waste findings land on the Dockerfile lines whose steps hold the dead bytes, pointing at the deleting line', async () => {
  const { wasteFindings } = await import('../../core/src/layers/wasteFindings');
  const doc = analyzeDocument(DOCKERFILE);
  const match = matchHistory(LEGACY, doc)!;
  const MiB5 = 5 * 2 ** 20;
  const report = {
    efficiency: 0.27, wastedBytes: MiB5, reclaimableBytes: MiB5, userWastedPercent: 1, sizeBytes: 0, userSizeBytes: 0, bytesRead: 0, archiveFormat: 'docker' as const,
    inefficientFiles: [{ path: '/app/big', count: 2, cumulativeSize: MiB5, reclaimableBytes: MiB5, copies: [{ layer: 2, size: MiB5, visible: false }], removedIn: [3], rows: [4, 5] }],
    layers: [
      { row: 4, layer: 2, files: 2, contentBytes: MiB5, dockerBytes: MiB5, deadBytes: MiB5, deadPaths: [{ path: '/app/big', size: MiB5, removedInRow: 5, overwrittenInRow: undefined }] },
      { row: 5, layer: 3, files: 2, contentBytes: 0, dockerBytes: 0, deadBytes: 0, deadPaths: [] },
    ],
  };
  const findings = wasteFindings(report, match, doc);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.range.start.line, 4, 'on the dd RUN (line 5)');
  assert.match(findings[0]!.message, /adds 5\.24 MB that later steps delete or overwrite: \/app\/big \(5\.24 MB, deleted by line 6\)\. Delete them in this same RUN/);
  assert.deepEqual(findings[0]!.related.map((r) => [r.range.start.line, r.message]), [[5, 'deletes /app/big, but the bytes stay in the earlier layer']]);
});
