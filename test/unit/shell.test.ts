import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseShellCommands, resolveProgram } from '../../core/src/parse/shellCommands';
import { tokenizeShell } from '../../core/src/parse/shellTokens';
import { joinContinuations } from '../../core/src/text/logicalText';

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
  assert.equal(source.slice(logical.offsets[torch], logical.offsets[torch]! + 5), 'torch');
  const backtick = joinContinuations('a `\nb', 0, 5, '`');
  assert.equal(backtick.text, 'a b');
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
