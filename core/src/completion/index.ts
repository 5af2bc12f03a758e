import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import { EXISTING_CUDA_TAGS } from '../knowledge/cudaImages';
import { FLAVOR_CONTENTS, cudnnMajorFor, cudnnTokenFor, describeOs } from '../knowledge/cudaTags';
import { ML_ENV_VARS } from '../knowledge/envVars';
import { TORCH_RELEASES, torchRelease, type TorchRelease } from '../knowledge/torch';
import { compareVersions, cudaOfVariant, variantOfCuda } from '../knowledge/versions';
import { completionContext, type CompletionContext } from './context';

const MAX_TAGS = 250;
const INDEX_OPTIONS = new Set(['--index-url', '-i', '--extra-index-url', '--find-links', '-f']);
const TORCH_INDEX = 'https://download.pytorch.org/whl/';

/**
 * MLDock's completions at the cursor: existing `nvidia/cuda` tags, `torch==` versions with their
 * `+cuXXX` variants, matching torchvision/torchaudio pins, PyTorch index URLs for the stage's CUDA,
 * and ML environment variable names. Undefined when the cursor is elsewhere.
 */
export function mlCompletions(text: string, offset: number, position: Position): CompletionList | undefined {
  const ctx = completionContext(text, offset);
  if (!ctx) return undefined;
  const replace = (typed: string) => ({ start: { line: position.line, character: position.character - typed.length }, end: position });
  if (ctx.keyword === 'FROM') {
    const m = /^((?:docker\.io\/)?(?:nvcr\.io\/)?nvidia\/cuda):(.*)$/.exec(ctx.word);
    return m ? cudaTags(m[2]!, replace(m[2]!)) : undefined;
  }
  if (ctx.keyword === 'RUN' && /\b(pip[\d.]*|uv)\b/.test(ctx.instructionText)) {
    const pin = /^["']?(torch|torchvision|torchaudio)==([^\s"']*)$/.exec(ctx.word);
    if (pin) return pin[1] === 'torch' ? torchVersions(pin[2]!, ctx, replace(pin[2]!)) : companionVersions(pin[1]!, pin[2]!, ctx, replace(pin[2]!));
    const inline = /^(--index-url|--extra-index-url|--find-links)=(.*)$/.exec(ctx.word);
    const url = inline ? inline[2]! : ctx.previousWord && INDEX_OPTIONS.has(ctx.previousWord) ? ctx.word : undefined;
    if (url !== undefined && (TORCH_INDEX.startsWith(url) || url.startsWith(TORCH_INDEX))) return indexUrls(url, ctx, replace(url));
    return undefined;
  }
  if ((ctx.keyword === 'ENV' || ctx.keyword === 'ARG') && !ctx.word.includes('=') && ctx.instructionText.trim().length > ctx.keyword.length) {
    return envNames(ctx.word, replace(ctx.word));
  }
  return undefined;
}

function list(items: CompletionItem[], isIncomplete = false): CompletionList {
  return { isIncomplete, items };
}

function cudaTags(typed: string, range: Range): CompletionList {
  const matches = EXISTING_CUDA_TAGS.filter((t) => t.tag.startsWith(typed));
  const items = matches.slice(0, MAX_TAGS).map((t, i): CompletionItem => ({
    label: t.tag,
    kind: CompletionItemKind.Value,
    detail: `CUDA ${t.version}${t.cudnn ? ` + cuDNN ${cudnnMajorFor(t.version, cudnnTokenFor(t.version)) ?? ''}` : ''} · ${t.flavor} · ${describeOs(t.os)}${t.supported ? '' : ' · no longer supported'}`,
    documentation: { kind: MarkupKind.Markdown, value: `**${t.flavor}**: ${FLAVOR_CONTENTS[t.flavor]}${t.supported ? '' : '\n\nNVIDIA no longer rebuilds this tag and deletes such tags without notice.'}` },
    ...(t.supported ? {} : { tags: [CompletionItemTag.Deprecated] }),
    sortText: String(i).padStart(4, '0'),
    filterText: t.tag,
    textEdit: { range, newText: t.tag },
  }));
  return list(items, matches.length > MAX_TAGS);
}

function torchVersions(typed: string, ctx: CompletionContext, range: Range): CompletionList {
  const stageVariant = ctx.stageCuda ? variantOfCuda(ctx.stageCuda) : undefined;
  const items: CompletionItem[] = [];
  const releases = [...TORCH_RELEASES].reverse();
  releases.forEach((r, ri) => {
    const candidates: [string, string][] = [[r.version, `PyPI default: CUDA ${r.pypiCuda} build`], ...r.variants.map((v): [string, string] => [`${r.version}+${v}`, `CUDA ${cudaOfVariant(v)} build`]), [`${r.version}+cpu`, 'CPU-only build']];
    candidates.forEach(([label, what], vi) => {
      if (!label.startsWith(typed)) return;
      const matchesStage = stageVariant !== undefined && label.endsWith(`+${stageVariant}`);
      items.push({
        label,
        kind: CompletionItemKind.Value,
        detail: `${what} · torchvision ${r.torchvision}${r.torchaudio ? ` · torchaudio ${r.torchaudio}` : ''} · Python ${r.python[0]}–${r.python[1]}`,
        sortText: `${matchesStage ? 0 : 1}${String(ri).padStart(3, '0')}${vi}`,
        ...(matchesStage && { preselect: true }),
        textEdit: { range, newText: label },
      });
    });
  });
  return list(items);
}

function torchPinIn(text: string): { release: TorchRelease; local: string | undefined } | undefined {
  const m = /\btorch==([\d.]+)(?:\+(\w+))?/.exec(text);
  const release = m ? torchRelease(m[1]!) : undefined;
  return release ? { release, local: m![2] } : undefined;
}

function companionVersions(name: string, typed: string, ctx: CompletionContext, range: Range): CompletionList {
  const torch = torchPinIn(ctx.instructionText);
  const version = (r: TorchRelease) => (name === 'torchvision' ? r.torchvision : r.torchaudio);
  const releases = torch ? [torch.release] : [...TORCH_RELEASES].reverse();
  const items: CompletionItem[] = [];
  releases.forEach((r, i) => {
    const v = version(r);
    if (!v) return;
    const label = torch?.local ? `${v}+${torch.local}` : v;
    if (!label.startsWith(typed)) return;
    items.push({
      label,
      kind: CompletionItemKind.Value,
      detail: `for torch ${r.version}${torch ? ' (pinned in this RUN)' : ''}`,
      sortText: String(i).padStart(3, '0'),
      ...(torch && { preselect: true }),
      textEdit: { range, newText: label },
    });
  });
  return list(items);
}

function indexUrls(typed: string, ctx: CompletionContext, range: Range): CompletionList {
  const torch = torchPinIn(ctx.instructionText);
  const all = new Set<string>();
  for (const r of torch ? [torch.release] : TORCH_RELEASES) for (const v of r.variants) all.add(v);
  const variants = [...all].sort((a, b) => compareVersions(cudaOfVariant(b)!, cudaOfVariant(a)!));
  const stage = ctx.stageCuda ? variantOfCuda(ctx.stageCuda) : undefined;
  const ordered = [...(stage && all.has(stage) ? [stage] : []), ...variants.filter((v) => v !== stage), 'cpu'];
  const items = ordered.map((v, i): CompletionItem => ({
    label: `${TORCH_INDEX}${v}`,
    kind: CompletionItemKind.Value,
    detail: v === 'cpu' ? 'CPU-only wheels (≈ 0.2 GB instead of ≈ 3 GB)' : `CUDA ${cudaOfVariant(v)} wheels${v === stage ? " — matches the stage's CUDA" : ''}${torch ? ` for torch ${torch.release.version}` : ''}`,
    sortText: String(i).padStart(3, '0'),
    ...(v === stage && { preselect: true }),
    textEdit: { range, newText: `${TORCH_INDEX}${v}` },
  })).filter((item) => item.label.startsWith(typed));
  return list(items);
}

function envNames(typed: string, range: Range): CompletionList {
  const upper = typed.toUpperCase();
  const items = [...ML_ENV_VARS.values()].filter((v) => v.name.startsWith(upper)).map((v): CompletionItem => ({
    label: v.name,
    kind: CompletionItemKind.Variable,
    detail: v.replacedBy ? `deprecated: use ${v.replacedBy}` : 'ML environment variable',
    documentation: { kind: MarkupKind.Markdown, value: v.summary + (v.values ? `\n\nValues: ${v.values}` : '') },
    ...(v.replacedBy && { tags: [CompletionItemTag.Deprecated] }),
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range, newText: `${v.name}=` },
  }));
  return list(items);
}
