import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ADMIN_CREATED_RESPONSES, ADMIN_LIST_RESPONSES, ADMIN_SAVED_RESPONSES, Ok, type AdminList } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import type { FieldSpec } from '../../components/fields.ts';
import { EntityForm } from '../../components/form.tsx';
import { ErrorLine, EmptyRow } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs, type Refs } from '../../lib/refs.ts';
import { useLoad } from '../../lib/use-load.ts';

export type Entry = Record<string, unknown>;

export interface Column {
  label: string;
  render(e: Entry, refs: Refs): ComponentChildren;
  class?: string;
}

export interface RowHelpers {
  reload(): void;
  canEdit: boolean;
  refs: Refs;
  show(dialog: ComponentChildren): void;
  closeDialog(): void;
}

export interface EntitySpec {
  /** Path segment and answer key: /api/admin/<list>. */
  list: AdminList;
  keyField: string;
  title: string;
  /** "新建{noun}" */
  noun: string;
  columns: Column[];
  fields(refs: Refs, editing: boolean): FieldSpec[];
  blank(refs: Refs): Entry;
  isRetired(e: Entry): boolean;
  /** Text for the retire confirmation. */
  retireText?: string;
  rowActions?(e: Entry, h: RowHelpers): ComponentChildren;
  toolbar?(h: RowHelpers): ComponentChildren;
  /** After a create, e.g. to show a device's token once. */
  afterCreate?(answer: Record<string, unknown>, h: RowHelpers): void;
}

type Editing = { mode: 'create' } | { mode: 'edit'; entry: Entry } | null;

/** List, create, edit and retire one kind of configuration entry; every save goes to the server as is. */
export function EntityScreen({ spec }: { spec: EntitySpec }) {
  const { canEdit, live } = useConsole();
  const version = live.configChanges.value;
  const refs = useRefs(version);
  const rows = useLoad(() => api(`/api/admin/${spec.list}`, ADMIN_LIST_RESPONSES[spec.list]).then((r) => (r as Record<string, Entry[]>)[spec.list] ?? []), [spec.list, version]);
  const [editing, setEditing] = useState<Editing>(null);
  const [showRetired, setShowRetired] = useState(false);
  const [dialog, setDialog] = useState<ComponentChildren>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const helpers: RowHelpers = { reload: rows.reload, canEdit, refs, show: setDialog, closeDialog: () => setDialog(null) };

  const keyOf = (e: Entry) => String(e[spec.keyField]);
  const all = rows.data ?? [];
  const shown = showRetired ? all : all.filter((e) => !spec.isRetired(e));
  const retiredCount = all.length - all.filter((e) => !spec.isRetired(e)).length;

  const save = async (entry: Entry) => {
    if (editing?.mode === 'edit') {
      await api(`/api/admin/${spec.list}/${encodeURIComponent(keyOf(editing.entry))}`, ADMIN_SAVED_RESPONSES[spec.list], { method: 'PUT', body: entry });
      setEditing({ mode: 'edit', entry });
    } else {
      const answer: Record<string, unknown> = await api(`/api/admin/${spec.list}`, ADMIN_CREATED_RESPONSES[spec.list], { method: 'POST', body: entry });
      setEditing(null);
      spec.afterCreate?.(answer, helpers);
    }
    rows.reload();
  };

  const retire = (e: Entry) =>
    setDialog(
      <Dialog
        title={t('config.retireTitle', { what: `${spec.noun} ${keyOf(e)}` })}
        onClose={() => setDialog(null)}
        actions={
          <>
            <button
              type="button"
              class="btn btn-danger"
              onClick={async () => {
                setDialog(null);
                try {
                  await api(`/api/admin/${spec.list}/${encodeURIComponent(keyOf(e))}`, Ok, { method: 'DELETE' });
                  setActionError(null);
                  if (editing?.mode === 'edit' && keyOf(editing.entry) === keyOf(e)) setEditing(null);
                  rows.reload();
                } catch (err) {
                  setActionError(err instanceof Error ? err.message : String(err));
                }
              }}
            >
              {t('config.retire')}
            </button>
            <button type="button" class="btn" onClick={() => setDialog(null)}>
              {t('form.cancel')}
            </button>
          </>
        }
      >
        <p>{spec.retireText ?? t('config.retireText')}</p>
      </Dialog>,
    );

  // Keyed by the entry only: a live config change must not throw away what is being typed.
  const formKey = editing?.mode === 'edit' ? `edit-${keyOf(editing.entry)}` : 'create';
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{spec.title}</h2>
        <div class="toolbar">
          {spec.toolbar?.(helpers)}
          {retiredCount ? (
            <label class="toggle">
              <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired((e.target as HTMLInputElement).checked)} />
              {t('config.showRetired', { n: retiredCount })}
            </label>
          ) : null}
          {canEdit ? (
            <button type="button" class="btn btn-primary" onClick={() => setEditing({ mode: 'create' })}>
              {t('config.create', { noun: spec.noun })}
            </button>
          ) : (
            <span class="readonly-note">{t('config.readOnly')}</span>
          )}
        </div>
      </header>
      <ErrorLine error={rows.error ?? actionError} />
      <div class={`split${editing ? ' split-open' : ''}`}>
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                {spec.columns.map((c) => (
                  <th key={c.label} class={c.class}>
                    {c.label}
                  </th>
                ))}
                <th class="col-actions">{t('config.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={keyOf(e)} class={`${spec.isRetired(e) ? 'row-retired' : ''}${editing?.mode === 'edit' && keyOf(editing.entry) === keyOf(e) ? ' row-selected' : ''}`} data-key={keyOf(e)}>
                  {spec.columns.map((c) => (
                    <td key={c.label} class={c.class}>
                      {c.render(e, refs)}
                    </td>
                  ))}
                  <td class="col-actions">
                    <button type="button" class="btn btn-small" onClick={() => setEditing({ mode: 'edit', entry: e })}>
                      {canEdit ? t('config.edit') : t('config.view')}
                    </button>
                    {spec.rowActions?.(e, helpers)}
                    {canEdit && !spec.isRetired(e) ? (
                      <button type="button" class="btn btn-small btn-quiet" onClick={() => retire(e)}>
                        {t('config.retire')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
              <EmptyRow show={!rows.loading && !shown.length} columns={spec.columns.length + 1}>
                {t('config.empty')}
              </EmptyRow>
            </tbody>
          </table>
        </div>
        {editing ? (
          <aside class="editor" aria-label={t('config.editor')}>
            <EntityForm
              key={formKey}
              id={`${spec.list}-form`}
              title={editing.mode === 'edit' ? t('config.editTitle', { what: `${spec.noun} ${keyOf(editing.entry)}` }) : t('config.create', { noun: spec.noun })}
              fields={spec.fields(refs, editing.mode === 'edit')}
              initial={editing.mode === 'edit' ? editing.entry : spec.blank(refs)}
              editing={editing.mode === 'edit'}
              readOnly={!canEdit}
              submitLabel={editing.mode === 'edit' ? t('form.save') : t('form.create')}
              onSubmit={save}
              onCancel={() => setEditing(null)}
            />
          </aside>
        ) : null}
      </div>
      {dialog}
    </section>
  );
}
