import * as vscode from 'vscode';
import { stepPosition, visibleSteps, entrypointQuestion, type StepItem, type WizardState, type WizardStep } from '../../../core/src/scaffold';

type Outcome<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

interface Shown {
  readonly before: WizardState;
  readonly step: WizardStep;
  /** What was chosen, to preselect when the user comes back. */
  readonly chosen: string | readonly string[];
}

/**
 * Shows the wizard's pending steps one by one (QuickPick or InputBox) with the title, an "n/m" step
 * counter and a Back button; Enter accepts the default. Resolves the final state, or undefined when
 * the user cancels (Escape or focus elsewhere closes without writing anything).
 */
export async function runWizardUi(initial: WizardState, title: string): Promise<WizardState | undefined> {
  const history: Shown[] = [];
  let state = initial;
  let preselect: string | readonly string[] | undefined;
  for (;;) {
    const step = visibleSteps(state).find((s) => !s.fields.some((f) => f in state.answers));
    if (!step) return state;
    const { step: n, total } = stepPosition(state, step);
    const outcome = await show(step, state, { title: `${title}: ${step.title}`, n, total, canGoBack: history.length > 0, preselect });
    preselect = undefined;
    if (outcome.kind === 'cancel') return undefined;
    if (outcome.kind === 'back') {
      const previous = history.pop();
      if (previous) {
        state = previous.before;
        preselect = previous.chosen;
      }
      continue;
    }
    history.push({ before: state, step, chosen: outcome.value });
    state = step.kind === 'multi' ? step.apply(state, outcome.value as readonly string[]) : step.apply(state, outcome.value as string);
  }
}

interface ShowOptions {
  readonly title: string;
  readonly n: number;
  readonly total: number;
  readonly canGoBack: boolean;
  readonly preselect: string | readonly string[] | undefined;
}

function show(step: WizardStep, state: WizardState, o: ShowOptions): Promise<Outcome<string | readonly string[]>> {
  if (step.kind === 'input') {
    const value = typeof o.preselect === 'string' ? o.preselect : step.defaultValue(state);
    const prompt = step.id === 'entrypoint' ? entrypointQuestion(state) : step.question;
    return input(o, prompt, value, (text) => step.validate(state, text));
  }
  const items = step.items(state);
  if (step.kind === 'multi') {
    const picked = Array.isArray(o.preselect) ? new Set(o.preselect) : new Set(items.filter((i) => i.picked).map((i) => i.value));
    return pick(o, step.question, items, true, (i) => picked.has(i.value));
  }
  const active = typeof o.preselect === 'string' ? o.preselect : step.defaultValue(state);
  return pick(o, step.question, items, false, (i) => i.value === active);
}

interface Item extends vscode.QuickPickItem {
  readonly value: string;
}

function pick(o: ShowOptions, placeholder: string, stepItems: readonly StepItem[], many: boolean, selected: (i: StepItem) => boolean): Promise<Outcome<string | readonly string[]>> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = o.title;
  qp.step = o.n;
  qp.totalSteps = o.total;
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.canSelectMany = many;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  const items: Item[] = stepItems.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
  qp.items = items;
  const initial = items.filter((_, k) => selected(stepItems[k]!));
  if (many) qp.selectedItems = initial;
  else if (initial.length > 0) qp.activeItems = initial;
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome<string | readonly string[]>) => {
      if (done) return;
      done = true;
      resolve(outcome);
      qp.dispose();
    };
    qp.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish({ kind: 'back' });
    });
    qp.onDidAccept(() => {
      if (many) finish({ kind: 'value', value: qp.selectedItems.map((i) => i.value) });
      else if (qp.activeItems[0]) finish({ kind: 'value', value: qp.activeItems[0].value });
    });
    qp.onDidHide(() => finish({ kind: 'cancel' }));
    qp.show();
  });
}

function input(o: ShowOptions, prompt: string, value: string, validate: (text: string) => string | undefined): Promise<Outcome<string>> {
  const box = vscode.window.createInputBox();
  box.title = o.title;
  box.step = o.n;
  box.totalSteps = o.total;
  box.prompt = prompt;
  box.value = value;
  box.ignoreFocusOut = true;
  box.buttons = o.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome<string>) => {
      if (done) return;
      done = true;
      resolve(outcome);
      box.dispose();
    };
    box.onDidChangeValue((text) => {
      box.validationMessage = validate(text);
    });
    box.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish({ kind: 'back' });
    });
    box.onDidAccept(() => {
      const problem = validate(box.value);
      box.validationMessage = problem;
      if (!problem) finish({ kind: 'value', value: box.value.trim() });
    });
    box.onDidHide(() => finish({ kind: 'cancel' }));
    box.show();
  });
}
