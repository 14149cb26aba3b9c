import * as vscode from 'vscode';
import { completeAt } from '../../core/schemas/complete';
import { hoverAt } from '../../core/schemas/hover';
import type { SchemaStore } from '../../core/schemas/store';
import { documentSymbols, type SchemaSymbol } from '../../core/schemas/symbols';

export type StoreAccess = () => Promise<SchemaStore>;
export type VersionAccess = () => string;
export type Applies = (document: vscode.TextDocument) => boolean;

const completionKinds = { property: vscode.CompletionItemKind.Property, value: vscode.CompletionItemKind.EnumMember, kind: vscode.CompletionItemKind.Class };
const symbolKinds = { object: vscode.SymbolKind.Object, array: vscode.SymbolKind.Array, field: vscode.SymbolKind.Field, document: vscode.SymbolKind.Module };

export class SchemaCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly store: StoreAccess, private readonly version: VersionAccess, private readonly applies: Applies) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    if (!this.applies(document)) {
      return [];
    }
    const text = document.getText();
    const result = completeAt(text, document.offsetAt(position), document.fileName, await this.store(), this.version());
    if (!result) {
      return [];
    }
    const range = new vscode.Range(document.positionAt(result.start), document.positionAt(result.end));
    return result.items.map((i) => {
      const item = new vscode.CompletionItem(i.label, completionKinds[i.kind]);
      item.insertText = new vscode.SnippetString(i.insertText);
      item.detail = i.detail;
      item.documentation = i.documentation ? new vscode.MarkdownString(i.documentation) : undefined;
      item.sortText = i.sortText;
      item.range = range;
      return item;
    });
  }
}

export class SchemaHovers implements vscode.HoverProvider {
  constructor(private readonly store: StoreAccess, private readonly version: VersionAccess, private readonly applies: Applies) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.applies(document)) {
      return undefined;
    }
    const h = hoverAt(document.getText(), document.offsetAt(position), document.fileName, await this.store(), this.version());
    return h && new vscode.Hover(new vscode.MarkdownString(h.markdown), new vscode.Range(document.positionAt(h.start), document.positionAt(h.end)));
  }
}

export class SchemaOutline implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const convert = (s: SchemaSymbol): vscode.DocumentSymbol => {
      const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
      const selection = new vscode.Range(document.positionAt(s.selectionStart), document.positionAt(s.selectionEnd));
      const symbol = new vscode.DocumentSymbol(s.name, s.detail, symbolKinds[s.kind], range, selection);
      symbol.children = s.children.map(convert);
      return symbol;
    };
    return documentSymbols(document.getText()).map(convert);
  }
}
