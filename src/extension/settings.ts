import * as vscode from 'vscode';

/** Typed view of the `namespaceBrowser.*` settings. */
export interface Settings {
  pageSize: number;
  maxPages: number;
  requestTimeoutSeconds: number;
  maxConcurrentRequests: number;
  inspectorMaxRecords: number;
  /** Rows per page of a table's data preview. */
  previewRows: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('namespaceBrowser');
  const int = (key: string, fallback: number, min = 1) => {
    const v = c.get<number>(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.floor(v) : fallback;
  };
  return {
    pageSize: int('pageSize', 100),
    maxPages: int('maxPages', 1000),
    requestTimeoutSeconds: int('requestTimeoutSeconds', 30),
    maxConcurrentRequests: int('maxConcurrentRequests', 8),
    inspectorMaxRecords: int('inspector.maxRecords', 500, 10),
    previewRows: Math.min(int('preview.rows', 100), 10_000),
  };
}
