import { StationAccounts, STATION_LEVEL_LABEL } from '../../../contract/booking.ts';
import { Ok } from '../../../contract/responses.ts';
import { SmsOutbox } from '../../../contract/sms.ts';
import { useState } from 'preact/hooks';
import { api, ApiFailure } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { EntityForm } from '../../components/form.tsx';
import { locale } from '../../i18n/index.ts';
import { formatDateTime, formatTime } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';
import type { RowHelpers } from './entity-screen.tsx';

/** Strings of the station accounts and the demo SMS view, kept beside them (zh-CN first). */
const zh = {
  stations: '便民服务站账号',
  stationsNote: '村（社区）、乡镇（街道）便民服务站用此账号在 /book 的“便民服务站”登录，为群众代办预约和取号（号票标记“代办”）。',
  code: '站点账号',
  name: '站点名称',
  level: '层级',
  password: '初始密码（至少 8 位）',
  created: '创建时间',
  create: '新建站点账号',
  none: '暂无站点账号',
  sms: '演示短信',
  smsNote: '演示模式下短信不真正发出，由本地模拟网关保留最近的消息（手机号已脱敏）。',
  smsOff: '本大厅已配置真实短信网关，短信不在服务器上保留。',
  at: '时间',
  phone: '手机',
  text: '内容',
  refresh: '刷新',
  actions: '操作',
  retire: '停用',
  retired: '已停用',
  retireConfirm: '停用站点账号 {code}？该站点将立即退出登录，不能再代办。',
  reset: '重置密码',
  resetTitle: '重置 {code} 的密码（该站点将退出登录）',
  newPassword: '新密码（至少 8 位）',
} as const;
const en: Record<keyof typeof zh, string> = {
  stations: 'Service station accounts',
  stationsNote: 'Village and township service stations sign in with these accounts under “Service station” on /book to book and take numbers for citizens (tickets marked 代办).',
  code: 'Account',
  name: 'Station name',
  level: 'Level',
  password: 'Initial password (8+ characters)',
  created: 'Created',
  create: 'New station account',
  none: 'No station accounts yet',
  sms: 'Demo SMS',
  smsNote: 'In demo mode no SMS is sent: the local fake gateway keeps the latest messages (phones masked).',
  smsOff: 'This hall uses a real SMS gateway; messages are not kept on the server.',
  at: 'Time',
  phone: 'Phone',
  text: 'Text',
  refresh: 'Refresh',
  actions: 'Actions',
  retire: 'Retire',
  retired: 'Retired',
  retireConfirm: 'Retire station account {code}? It is signed out at once and can no longer act for citizens.',
  reset: 'Reset password',
  resetTitle: 'New password for {code} (the station is signed out)',
  newPassword: 'New password (8+ characters)',
};
const st = (k: keyof typeof zh) => (locale.value === 'en' ? en[k] : zh[k]);

function StationsDialog({ h }: { h: RowHelpers }) {
  const list = useLoad(() => api('/api/admin/stations', StationAccounts), []);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const retire = async (code: string) => {
    if (!confirm(st('retireConfirm').replace('{code}', code))) return;
    try {
      await api(`/api/admin/stations/${encodeURIComponent(code)}/retire`, Ok, { method: 'POST' });
      setActionError(null);
      if (resetFor === code) setResetFor(null);
      list.reload();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Dialog title={st('stations')} onClose={h.closeDialog}>
      <p class="muted">{st('stationsNote')}</p>
      {list.error ? <p class="error-line">{list.error}</p> : null}
      <table class="grid grid-compact" data-stations>
        <thead>
          <tr>
            <th>{st('code')}</th>
            <th>{st('name')}</th>
            <th>{st('level')}</th>
            <th>{st('created')}</th>
            {h.canEdit ? <th>{st('actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {list.data?.stations.length ? (
            list.data.stations.map((s) => (
              <tr key={s.code}>
                <td class="mono">{s.code}</td>
                <td>{s.name}</td>
                <td>{STATION_LEVEL_LABEL[s.level]}</td>
                <td class="mono">{formatDateTime(s.createdAt)}</td>
                {h.canEdit ? (
                  <td class="col-actions">
                    {s.retired ? (
                      <span class="muted">{st('retired')}</span>
                    ) : (
                      <>
                        <button type="button" class="btn btn-small" onClick={() => setResetFor(s.code)}>
                          {st('reset')}
                        </button>{' '}
                        <button type="button" class="btn btn-small btn-danger" onClick={() => void retire(s.code)}>
                          {st('retire')}
                        </button>
                      </>
                    )}
                  </td>
                ) : null}
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={5} class="muted">
                {st('none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {actionError ? <p class="error-line">{actionError}</p> : null}
      {h.canEdit && resetFor ? (
        <EntityForm
          key={resetFor}
          id="station-password-form"
          title={st('resetTitle').replace('{code}', resetFor)}
          fields={[{ name: 'password', label: st('newPassword'), kind: 'password' }]}
          initial={{ password: '' }}
          submitLabel={st('reset')}
          onSubmit={async (body) => {
            await api(`/api/admin/stations/${encodeURIComponent(resetFor)}/password`, Ok, { method: 'POST', body: { password: body.password ?? '' } });
          }}
          onCancel={() => setResetFor(null)}
        />
      ) : null}
      {h.canEdit ? (
        <EntityForm
          id="station-form"
          title={st('create')}
          fields={[
            { name: 'code', label: st('code'), kind: 'text' },
            { name: 'name', label: st('name'), kind: 'text' },
            { name: 'level', label: st('level'), kind: 'select', options: (['village', 'township'] as const).map((v) => ({ value: v, label: STATION_LEVEL_LABEL[v] })) },
            { name: 'password', label: st('password'), kind: 'password' },
          ]}
          initial={{ code: '', name: '', level: 'village', password: '' }}
          submitLabel={st('create')}
          onSubmit={async (body) => {
            await api('/api/admin/stations', Ok, { method: 'POST', body });
            list.reload();
          }}
        />
      ) : null}
    </Dialog>
  );
}

function SmsDialog({ h }: { h: RowHelpers }) {
  const outbox = useLoad(
    () => api('/api/admin/sms-outbox', SmsOutbox).catch((e: unknown) => (e instanceof ApiFailure && e.code === 'SMS_OUTBOX_OFF' ? null : Promise.reject(e))),
    [],
  );
  return (
    <Dialog title={st('sms')} onClose={h.closeDialog}>
      {outbox.error ? <p class="error-line">{outbox.error}</p> : null}
      {outbox.data === null && !outbox.loading && !outbox.error ? <p class="muted">{st('smsOff')}</p> : null}
      {outbox.data ? (
        <>
          <p class="muted">{st('smsNote')}</p>
          <button type="button" class="btn" onClick={outbox.reload}>
            {st('refresh')}
          </button>
          <table class="grid grid-compact" data-sms>
            <thead>
              <tr>
                <th>{st('at')}</th>
                <th>{st('phone')}</th>
                <th>{st('text')}</th>
              </tr>
            </thead>
            <tbody>
              {outbox.data.messages.map((m) => (
                <tr key={m.id}>
                  <td class="mono">{formatTime(m.at)}</td>
                  <td class="mono">{m.phone}</td>
                  <td>{m.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Dialog>
  );
}

/** The staff screen's toolbar: station accounts (代办) and, in demo mode, the messages the fake SMS gateway kept. */
export const stationToolbar = (h: RowHelpers) => (
  <>
    <button type="button" class="btn" data-open="stations" onClick={() => h.show(<StationsDialog h={h} />)}>
      {st('stations')}
    </button>
    <button type="button" class="btn" data-open="sms" onClick={() => h.show(<SmsDialog h={h} />)}>
      {st('sms')}
    </button>
  </>
);
