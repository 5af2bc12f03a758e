import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseShellCommands, resolveProgram } from '../../core/src/parse/shellCommands';
import { tokenizeShell } from '../../core/src/parse/shellTokens';
import fc from 'fast-check';
import { joinContinuations, toDocumentOffset } from '../../core/src/text/logicalText';

const argv = (script: string) => parseShellCommands(script).map((c) => c.argv.map((w) => w.value));

test('splits on &&, ||, ;, pipes and newlines, keeping operators', () => {
  const commands = parseShellCommands('apt-get update && apt-get install -y curl || true; curl -fsSL x | sh\necho done');
  assert.deepEqual(commands.map((c) => c.argv.map((w) => w.value)), [
    ['apt-get', 'update'], ['apt-get', 'install', '-y', 'curl'], ['true'], ['curl', '-fsSL', 'x'], ['sh'], ['echo', 'done'],
  ]);
  assert.deepEqual(commands.map((c) => c.before), [null, '&&', '||', ';', '|', '\n']);
  assert.equal(commands[3]!.after, '|');
});

test('quotes, escapes and expansions stay inside one word', () => {
  assert.deepEqual(argv(`pip install "numpy>=1.26,<2" 'torch==2.4.0' a\\ b "$(cat x | wc -l)" \${HOME}/x`), [
    ['pip', 'install', 'numpy>=1.26,<2', 'torch==2.4.0', 'a b', '$(cat x | wc -l)', '${HOME}/x'],
  ]);
  const [word] = parseShellCommands('"$X"')[0]!.argv;
  assert.equal(word!.expands, true);
  assert.equal(word!.quoted, true);
});

test('leading assignments, redirections and reserved words are not arguments', () => {
  const [c] = parseShellCommands('PIP_NO_CACHE_DIR=1 pip install x > /tmp/log 2>&1');
  assert.deepEqual(c!.assignments.map((w) => w.value), ['PIP_NO_CACHE_DIR=1']);
  assert.deepEqual(c!.argv.map((w) => w.value), ['pip', 'install', 'x']);
  assert.deepEqual(c!.redirects.map((r) => [r.op, r.target?.value]), [['>', '/tmp/log'], ['2>&', '1']]);
  assert.deepEqual(argv('if [ "$GPU" = 1 ]; then pip install torch; else pip install cpu; fi'), [
    ['[', '$GPU', '=', '1', ']'], ['pip', 'install', 'torch'], ['pip', 'install', 'cpu'],
  ]);
  assert.deepEqual(argv('for f in a b; do echo $f; done'), [['echo', '$f']]);
});

test('comments end a line; unterminated quotes never throw', () => {
  assert.deepEqual(argv('pip install x # a comment && not a command'), [['pip', 'install', 'x']]);
  assert.doesNotThrow(() => tokenizeShell('echo "unterminated $(oops'));
  assert.doesNotThrow(() => parseShellCommands("'''\"\"\"`$({[("));
});

test('wrappers are peeled off to find the real program', () => {
  const program = (s: string) => resolveProgram(parseShellCommands(s)[0]!);
  assert.equal(program('sudo -u app pip install x').name, 'pip');
  assert.deepEqual(program('sudo -u app pip install x').wrappers, ['sudo']);
  assert.equal(program('env PIP_NO_CACHE_DIR=1 /usr/bin/pip3 install x').env.get('PIP_NO_CACHE_DIR'), '1');
  assert.equal(program('timeout 60 exec python app.py').name, 'python');
});

test('continuations are joined and map back to document offsets', () => {
  const source = 'RUN pip install \\\n    # a comment line\n    torch \\\n    numpy';
  const logical = joinContinuations(source, 4, source.length, '\\');
  assert.equal(logical.text, 'pip install     torch     numpy');
  const torch = logical.text.indexOf('torch');
  const at = toDocumentOffset(logical, torch);
  assert.equal(source.slice(at, at + 5), 'torch');
  const backtick = joinContinuations('a `\nb', 0, 5, '`');
  assert.equal(backtick.text, 'a b');
});

/** The straightforward definition: one document offset per logical character, then the end. */
function referenceJoin(source: string, start: number, end: number, escape: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let i = start;
  let k = start - 1;
  while (k >= 0 && (source[k] === ' ' || source[k] === '\t')) k--;
  let j0 = k - 1;
  if (source[j0] === '\r') j0--;
  while (j0 >= 0 && (source[j0] === ' ' || source[j0] === '\t')) j0--;
  let atLineStart = k >= 0 && source[k] === '\n' && source[j0] === escape;
  while (i < end) {
    if (atLineStart) {
      let j = i;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (source[j] === '#') {
        while (j < end && source[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    if (source[i] === escape) {
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (source[j] === '\r' && source[j + 1] === '\n') j++;
      if (j < end && source[j] === '\n') {
        i = j + 1;
        atLineStart = true;
        continue;
      }
      if (j >= end) {
        i = j;
        continue;
      }
    }
    text += source[i];
    offsets.push(i);
    i++;
  }
  offsets.push(end);
  return { text, offsets };
}

test('joined continuations map every character, the end and out-of-range indexes like one offset per character', () => {
  const piece = fc.constantFrom('\\\n', '`\n', '\\  \n', '\\\r\n', '\n', '  # c\n', '#', ' ', '\t', 'a', 'pip', '\\', '`', '\r');
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat(), fc.constantFrom('\\', '`'), (parts, a, b, escape) => {
    const source = parts.join('');
    const start = source.length === 0 ? 0 : a % (source.length + 1);
    const end = start + (source.length === 0 ? 0 : b % (source.length - start + 1));
    const logical = joinContinuations(source, start, end, escape);
    const reference = referenceJoin(source, start, end, escape);
    assert.equal(logical.text, reference.text);
    for (let i = -2; i <= reference.text.length + 2; i++) {
      const clamped = reference.offsets[Math.max(0, Math.min(i, reference.offsets.length - 1))];
      assert.equal(toDocumentOffset(logical, i), clamped, `index ${i} of ${JSON.stringify(source)} [${start}, ${end})`);
    }
  }), { numRuns: 3000 });
});

test('endsInsideQuote tells when an append would join an unclosed string', async () => {
  const { endsInsideQuote } = await import('../../core/src/parse/shellTokens');
  assert.equal(endsInsideQuote('conda update "'), true);
  assert.equal(endsInsideQuote("echo 'a"), true);
  assert.equal(endsInsideQuote('echo $(date'), true);
  assert.equal(endsInsideQuote('echo "a" \'b\' $(date) ${X} `id`'), false);
  assert.equal(endsInsideQuote('echo "it\\"s"'), false);
  assert.equal(endsInsideQuote("echo hi # don't"), false);
});
