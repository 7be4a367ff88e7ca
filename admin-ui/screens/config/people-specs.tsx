import { DeviceToken, Ok } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { EntityForm } from '../../components/form.tsx';
import { Badge } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { BADGE_PATTERN, CODE_PATTERN } from '../../lib/patterns.ts';
import { departmentName, departmentOptions, queueName, queueOptions, windowOptions } from '../../lib/refs.ts';
import type { Entry, EntitySpec, RowHelpers } from './entity-screen.tsx';
import { stationToolbar } from './station-accounts.tsx';

const str = (e: Entry, k: string) => (e[k] === undefined || e[k] === null ? '' : String(e[k]));
const retiredFlag = (e: Entry) => e.retired === true;
const stateCell = (retired: boolean) => (retired ? <Badge tone="muted">{t('config.retired')}</Badge> : <Badge tone="ok">{t('config.inUse')}</Badge>);

export const windowsSpec = (): EntitySpec => ({
  list: 'windows',
  keyField: 'number',
  title: t('nav.windows'),
  noun: t('noun.window'),
  isRetired: retiredFlag,
  columns: [
    { label: t('f.number'), render: (e) => str(e, 'number'), class: 'num' },
    { label: t('f.name'), render: (e) => str(e, 'name') },
    { label: t('f.department'), render: (e, r) => departmentName(r, str(e, 'department')) },
    { label: t('f.queues'), render: (e, r) => ((e.queues as string[] | undefined) ?? []).map((q) => queueName(r, q)).join(' → ') },
    { label: t('f.queueMode'), render: (e) => t(`mode.${str(e, 'queueMode') || 'ordered'}` as 'mode.ordered') },
    { label: t('f.honours'), render: (e) => ((e.honours as string[] | undefined) ?? []).map((h) => <Badge key={h} tone="bad">{h}</Badge>) },
    { label: t('f.state'), render: (e) => stateCell(retiredFlag(e)) },
  ],
  fields: (refs) => [
    { name: 'number', label: t('f.number'), kind: 'number', key: true },
    { name: 'name', label: t('f.name'), kind: 'text' },
    { name: 'department', label: t('f.department'), kind: 'select', optional: true, options: departmentOptions(refs) },
    { name: 'queueMode', label: t('f.queueMode'), kind: 'select', options: (['ordered', 'longest_wait'] as const).map((v) => ({ value: v, label: t(`mode.${v}`) })) },
    { name: 'queues', label: t('f.queues'), kind: 'ordered', wide: true, required: true, options: queueOptions(refs), hint: t('hint.queueOrder') },
    { name: 'honours', label: t('f.honours'), kind: 'lines', hint: t('hint.honours') },
    { name: 'comprehensive', label: t('f.comprehensive'), kind: 'check' },
    { name: 'retired', label: t('f.retired'), kind: 'check' },
  ],
  blank: (refs) => ({ number: (Math.max(0, ...refs.windows.map((w) => w.number)) || 0) + 1, name: '', queues: [], comprehensive: false, queueMode: 'ordered', honours: [], retired: false }),
});

function passwordDialog(e: Entry, h: RowHelpers) {
  const badge = str(e, 'badge');
  h.show(
    <Dialog title={t('staff.resetTitle', { name: str(e, 'name'), badge })} onClose={h.closeDialog}>
      <EntityForm
        id="password-form"
        fields={[{ name: 'password', label: t('f.newPassword'), kind: 'password', hint: t('hint.password') }]}
        initial={{}}
        submitLabel={t('staff.reset')}
        onSubmit={async (body) => {
          await api(`/api/admin/staff/${encodeURIComponent(badge)}/password`, Ok, { method: 'POST', body: { password: body.password ?? '' } });
        }}
      >
        <p class="muted">{t('staff.resetNote')}</p>
      </EntityForm>
    </Dialog>,
  );
}

export const staffSpec = (): EntitySpec => ({
  list: 'staff',
  keyField: 'badge',
  title: t('nav.staff'),
  noun: t('noun.staff'),
  isRetired: retiredFlag,
  columns: [
    { label: t('f.badge'), render: (e) => str(e, 'badge'), class: 'mono' },
    { label: t('f.personName'), render: (e) => str(e, 'name') },
    { label: t('f.department'), render: (e, r) => departmentName(r, str(e, 'department')) },
    { label: t('f.role'), render: (e) => t(`role.${str(e, 'role')}` as 'role.staff') },
    { label: t('f.title'), render: (e) => str(e, 'title') },
    { label: t('f.state'), render: (e) => stateCell(retiredFlag(e)) },
  ],
  fields: (refs, editing) => [
    { name: 'badge', label: t('f.badge'), kind: 'text', key: true, pattern: BADGE_PATTERN() },
    { name: 'name', label: t('f.personName'), kind: 'text' },
    { name: 'department', label: t('f.department'), kind: 'select', optional: true, options: departmentOptions(refs) },
    { name: 'role', label: t('f.role'), kind: 'select', options: (['staff', 'supervisor', 'admin'] as const).map((v) => ({ value: v, label: t(`role.${v}`) })) },
    { name: 'title', label: t('f.title'), kind: 'text', optional: true },
    ...(editing ? [] : [{ name: 'password', label: t('f.initialPassword'), kind: 'password' as const, optional: true, hint: t('hint.password') }]),
    { name: 'retired', label: t('f.retired'), kind: 'check' },
  ],
  blank: () => ({ badge: '', name: '', role: 'staff', retired: false }),
  toolbar: stationToolbar,
  rowActions: (e, h) =>
    h.canEdit && !retiredFlag(e) ? (
      <button type="button" class="btn btn-small" onClick={() => passwordDialog(e, h)}>
        {t('staff.reset')}
      </button>
    ) : null,
});

/** Where a device with this token opens, so the token can be pasted straight into the device. */
function deviceUrl(e: Entry, token: string): string {
  const origin = typeof location === 'undefined' ? '' : location.origin;
  const q = `token=${encodeURIComponent(token)}`;
  if (e.kind === 'kiosk') return `${origin}/kiosk?${q}`;
  if (e.kind === 'display') return e.window !== undefined ? `${origin}/display/window/${String(e.window)}?${q}` : `${origin}/display?${q}`;
  return `npm run agent -- --server ${origin} --token ${token}`;
}

function tokenDialog(e: Entry, token: string, h: RowHelpers) {
  h.show(
    <Dialog title={t('devices.tokenTitle', { code: str(e, 'code') })} onClose={h.closeDialog}>
      <p>{t('devices.tokenOnce')}</p>
      <p class="token mono" data-testid="device-token">
        {token}
      </p>
      <p class="muted">{e.kind === 'agent' ? t('devices.agentCommand') : t('devices.openUrl')}</p>
      <p class="token mono">{deviceUrl(e, token)}</p>
    </Dialog>,
  );
}

export const devicesSpec = (): EntitySpec => ({
  list: 'devices',
  keyField: 'code',
  title: t('nav.devices'),
  noun: t('noun.device'),
  isRetired: () => false,
  retireText: t('devices.revokeText'),
  columns: [
    { label: t('f.code'), render: (e) => str(e, 'code'), class: 'mono' },
    { label: t('f.name'), render: (e) => str(e, 'name') },
    { label: t('f.kind'), render: (e) => t(`kind.${str(e, 'kind')}` as 'kind.kiosk') },
    { label: t('f.window'), render: (e) => str(e, 'window'), class: 'num' },
  ],
  fields: (refs) => [
    { name: 'code', label: t('f.code'), kind: 'text', key: true, hint: t('hint.code'), pattern: CODE_PATTERN() },
    { name: 'name', label: t('f.name'), kind: 'text' },
    { name: 'kind', label: t('f.kind'), kind: 'select', options: (['kiosk', 'display', 'agent'] as const).map((v) => ({ value: v, label: t(`kind.${v}`) })) },
    { name: 'window', label: t('f.window'), kind: 'select', optional: true, numeric: true, options: windowOptions(refs), hint: t('hint.deviceWindow') },
  ],
  blank: () => ({ code: '', name: '', kind: 'kiosk' }),
  afterCreate: (answer, h) => {
    const device = answer.device as Entry | undefined;
    if (device && typeof answer.token === 'string') tokenDialog(device, answer.token, h);
  },
  rowActions: (e, h) =>
    h.canEdit ? (
      <button
        type="button"
        class="btn btn-small"
        onClick={async () => {
          try {
            const r = await api(`/api/admin/devices/${encodeURIComponent(str(e, 'code'))}/token`, DeviceToken, { method: 'POST', body: {} });
            tokenDialog(e, r.token, h);
          } catch (err) {
            h.show(
              <Dialog title={t('devices.tokenFailed')} onClose={h.closeDialog}>
                <p role="alert">{err instanceof Error ? err.message : String(err)}</p>
              </Dialog>,
            );
          }
        }}
      >
        {t('devices.issueToken')}
      </button>
    ) : null,
});
