import * as vscode from 'vscode';

/**
 * Small wrappers over QuickPick/InputBox for keyboard-first steps: the default is the active item (or
 * the prefilled value), so Enter accepts it; Escape returns undefined.
 */
export function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string; placeholder?: string; active?: T }): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.items = items;
    qp.matchOnDescription = true;
    if (options.active) qp.activeItems = [options.active];
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      const [picked] = qp.selectedItems.length ? qp.selectedItems : qp.activeItems;
      resolve(picked);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export function askText(options: { title: string; prompt: string; value?: string; password?: boolean; placeholder?: string; validate?: (value: string) => string | undefined }): Promise<string | undefined> {
  return Promise.resolve(vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    password: options.password,
    placeHolder: options.placeholder,
    ignoreFocusOut: true,
    validateInput: options.validate ? (v) => options.validate!(v) ?? null : undefined,
  }));
}
