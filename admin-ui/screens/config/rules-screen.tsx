import { SupervisionSettings } from '../../../contract/admin.ts';
import type { HallInfo, Rules } from '../../../contract/config.ts';
import { HallInfoSaved, HallSettings, RulesSaved } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';
import type { FieldSpec } from '../../components/fields.ts';
import { EntityForm } from '../../components/form.tsx';
import { ErrorLine } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs } from '../../lib/refs.ts';
import { useLoad } from '../../lib/use-load.ts';

const num = (name: string, label: string, hint?: string): FieldSpec => ({ name, label, kind: 'number', ...(hint ? { hint } : {}) });

export const rulesFields = (): FieldSpec[] => [
  num('maxRecalls', t('rules.maxRecalls')),
  num('reactivateBehind', t('rules.reactivateBehind')),
  num('reactivateWithinMinutes', t('rules.reactivateWithin')),
  num('antiStarvationAfter', t('rules.antiStarvation'), t('rules.antiStarvationHint')),
  num('perIdDailyMax', t('rules.perIdDailyMax')),
  num('checkInEarlyMinutes', t('rules.checkInEarly')),
  num('checkInLateMinutes', t('rules.checkInLate')),
  num('defaultServiceMinutes', t('rules.defaultService')),
  { name: 'transferPlacement', label: t('rules.transferPlacement'), kind: 'select', options: (['front', 'arrival'] as const).map((v) => ({ value: v, label: t(`rules.placement.${v}`) })) },
  { name: 'callNextWithCurrent', label: t('rules.callNextWithCurrent'), kind: 'select', options: (['finish', 'refuse'] as const).map((v) => ({ value: v, label: t(`rules.withCurrent.${v}`) })) },
  { name: 'voiceTemplate', label: t('rules.voiceTemplate'), kind: 'text', wide: true, hint: t('rules.voiceHint', { ticket: '{ticket}', window: '{window}' }) },
  { name: 'voiceTemplateEn', label: t('rules.voiceTemplateEn'), kind: 'text', wide: true },
  { name: 'voiceDigitByDigit', label: t('rules.digitByDigit'), kind: 'check' },
  { name: 'voiceOneAsYao', label: t('rules.oneAsYao'), kind: 'check' },
  { name: 'evaluationKey', label: t('rules.evaluationKey'), kind: 'select', options: (['request_only', 'finish_then_request'] as const).map((v) => ({ value: v, label: t(`rules.evaluationKey.${v}`) })) },
];

const hallFields = (): FieldSpec[] => [
  { name: 'name', label: t('hall.name'), kind: 'text', wide: true },
  { name: 'level', label: t('hall.level'), kind: 'select', options: (['county', 'township', 'village'] as const).map((v) => ({ value: v, label: t(`hall.level.${v}`) })) },
  { name: 'hotline', label: t('hall.hotline'), kind: 'text', optional: true },
  { name: 'phone', label: t('f.phone'), kind: 'text', optional: true },
  { name: 'region', label: t('hall.region'), kind: 'text', optional: true },
  { name: 'regionCode', label: t('hall.regionCode'), kind: 'text', optional: true, hint: t('hall.regionCodeHint') },
  { name: 'address', label: t('hall.address'), kind: 'text', optional: true, wide: true },
  { name: 'complaintUrl', label: t('hall.complaintUrl'), kind: 'text', optional: true, wide: true },
  { name: 'publicUrl', label: t('hall.publicUrl'), kind: 'text', optional: true, wide: true },
  num('display.viewingDistanceM', t('hall.viewingDistance'), t('hall.viewingDistanceHint')),
  num('display.panelDiagonalInch', t('hall.panelDiagonal')),
  { name: 'hours', label: t('hall.hours'), kind: 'hallHours', wide: true, hint: t('hall.hoursHint') },
];

/** Ticket rules, hall information, alert thresholds and 差评 deadlines: one form each. */
export function RulesScreen() {
  const { canEdit, live } = useConsole();
  const version = live.configChanges.value;
  const refs = useRefs(version);
  const settings = useLoad(() => api('/api/admin/settings', HallSettings), [version]);
  const supervision = useLoad(() => api('/api/supervision/settings', SupervisionSettings), []);
  const supervisors = refs.staff.filter((s) => !s.retired && s.role !== 'staff').map((s) => ({ value: s.badge, label: `${s.name}（${s.badge}）` }));
  const supervisionFields: FieldSpec[] = [
    num('alerts.waitMinutes', t('alerts.waitMinutes'), t('alerts.waitHint')),
    num('alerts.serviceFactor', t('alerts.serviceFactor'), t('alerts.serviceHint')),
    num('alerts.idleMinutes', t('alerts.idleMinutes')),
    num('alerts.evaluateEverySeconds', t('alerts.everySeconds')),
    { name: 'alerts.deviceFaults', label: t('alerts.deviceFaults'), kind: 'check' },
    { name: 'alerts.badEvaluations', label: t('alerts.badEvaluations'), kind: 'check' },
    num('cases.contactWorkingDays', t('cases.contactDays')),
    num('cases.rectifyWorkingDays', t('cases.rectifyDays')),
    { name: 'cases.defaultAssignee', label: t('cases.defaultAssignee'), kind: 'select', optional: true, options: supervisors },
  ];
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.rules')}</h2>
        {canEdit ? null : <span class="readonly-note">{t('config.readOnly')}</span>}
      </header>
      <ErrorLine error={settings.error ?? supervision.error} />
      <div class="columns-2">
        <div class="panel">
          {settings.data ? (
            <EntityForm
              id="rules-form"
              title={t('rules.title')}
              fields={rulesFields()}
              initial={settings.data.rules as unknown as Record<string, unknown>}
              readOnly={!canEdit}
              onSubmit={async (body) => {
                await api('/api/admin/rules', RulesSaved, { method: 'PUT', body });
              }}
            />
          ) : null}
        </div>
        <div class="stack">
          <div class="panel">
            {supervision.data && refs.staff.length ? (
              <EntityForm
                id="thresholds-form"
                title={t('alerts.title')}
                fields={supervisionFields}
                initial={supervision.data as unknown as Record<string, unknown>}
                readOnly={!canEdit}
                onSubmit={async (body) => {
                  await api('/api/supervision/settings', SupervisionSettings, { method: 'PUT', body });
                }}
              />
            ) : null}
          </div>
          <div class="panel">
            {settings.data ? (
              <EntityForm
                id="hall-form"
                title={t('hall.title')}
                fields={hallFields()}
                initial={settings.data.hall as unknown as Record<string, unknown>}
                readOnly={!canEdit}
                onSubmit={async (body) => {
                  await api('/api/admin/hall', HallInfoSaved, { method: 'PUT', body });
                }}
              />
            ) : null}
          </div>
        </div>
      </div>
    </section>
  );
}
