import { useState } from 'preact/hooks';
import { CatalogImportResult, type CatalogRowError } from '../../../contract/admin.ts';
import { api, ApiFailure } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { t } from '../../i18n/index.ts';

type Stage = { kind: 'idle' } | { kind: 'checked'; result: CatalogImportResult } | { kind: 'rejected'; errors: CatalogRowError[]; total: number; message: string } | { kind: 'done'; result: CatalogImportResult };

/** Reads a file as UTF-8 and refuses anything else, since Excel's default CSV is GBK. */
export async function readUtf8(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(t('csv.notUtf8'));
  }
}

/** Import in two steps: a dry run shows what would change or every row's error, then the import itself. */
export function ItemsCsvImport({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (text: string, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api(`/api/admin/items.csv${dryRun ? '?dryRun=true' : ''}`, CatalogImportResult, { method: 'POST', body: { csv: text } });
      setStage(dryRun ? { kind: 'checked', result } : { kind: 'done', result });
      if (!dryRun) onImported();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'CSV_INVALID') {
        const d = e.details as { errors?: CatalogRowError[]; total?: number } | undefined;
        setStage({ kind: 'rejected', errors: d?.errors ?? [], total: d?.total ?? 0, message: e.message });
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const pick = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setFileName(file.name);
    setStage({ kind: 'idle' });
    try {
      const text = await readUtf8(file);
      setCsv(text);
      await send(text, true);
    } catch (err) {
      setCsv(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Dialog
      title={t('csv.importTitle')}
      onClose={onClose}
      actions={
        <>
          {stage.kind === 'checked' && csv ? (
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => send(csv, false)}>
              {t('csv.confirm', { n: stage.result.created.length + stage.result.updated.length })}
            </button>
          ) : null}
          <button type="button" class="btn" onClick={onClose}>
            {stage.kind === 'done' ? t('form.close') : t('form.cancel')}
          </button>
        </>
      }
    >
      <p class="muted">{t('csv.help')}</p>
      <label class="file-pick">
        <span>{t('csv.choose')}</span>
        <input type="file" accept=".csv,text/csv" name="csv-file" onChange={pick} />
        {fileName ? <span class="mono">{fileName}</span> : null}
      </label>
      {error ? (
        <p class="error-line" role="alert">
          {error}
        </p>
      ) : null}
      {stage.kind === 'checked' || stage.kind === 'done' ? (
        <div class={stage.kind === 'done' ? 'notice-ok' : 'notice-info'} role="status">
          <p>{stage.kind === 'done' ? t('csv.done') : t('csv.checked')}</p>
          <p>{t('csv.counts', { created: stage.result.created.length, updated: stage.result.updated.length })}</p>
          {stage.result.created.length ? <p class="mono small">+ {stage.result.created.join(', ')}</p> : null}
          {stage.result.updated.length ? <p class="mono small">~ {stage.result.updated.join(', ')}</p> : null}
        </div>
      ) : null}
      {stage.kind === 'rejected' ? (
        <div class="csv-errors" role="alert">
          <p>{t('csv.rejected', { n: stage.total })}</p>
          <table class="grid grid-compact">
            <thead>
              <tr>
                <th>{t('csv.row')}</th>
                <th>{t('csv.column')}</th>
                <th>{t('csv.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {stage.errors.map((r, i) => (
                <tr key={i}>
                  <td class="num">{r.row}</td>
                  <td class="mono">{r.column ?? ''}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Dialog>
  );
}
