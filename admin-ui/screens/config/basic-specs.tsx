import { Badge } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { ITEM_CATEGORIES } from '../../lib/enums.ts';
import { CODE_PATTERN, PREFIX_PATTERN } from '../../lib/patterns.ts';
import { formatDateTime } from '../../lib/time.ts';
import { departmentName, departmentOptions, queueName, queueOptions } from '../../lib/refs.ts';
import type { Entry, EntitySpec } from './entity-screen.tsx';

const str = (e: Entry, k: string) => (e[k] === undefined || e[k] === null ? '' : String(e[k]));
const retiredFlag = (e: Entry) => e.retired === true;
const stateCell = (retired: boolean) => (retired ? <Badge tone="muted">{t('config.retired')}</Badge> : <Badge tone="ok">{t('config.inUse')}</Badge>);

export const departmentsSpec = (): EntitySpec => ({
  list: 'departments',
  keyField: 'code',
  title: t('nav.departments'),
  noun: t('noun.department'),
  isRetired: retiredFlag,
  columns: [
    { label: t('f.code'), render: (e) => str(e, 'code'), class: 'mono' },
    { label: t('f.name'), render: (e) => str(e, 'name') },
    { label: t('f.phone'), render: (e) => str(e, 'phone') },
    { label: t('f.state'), render: (e) => stateCell(retiredFlag(e)) },
  ],
  fields: () => [
    { name: 'code', label: t('f.code'), kind: 'text', key: true, hint: t('hint.code'), pattern: CODE_PATTERN() },
    { name: 'name', label: t('f.name'), kind: 'text' },
    { name: 'nameEn', label: t('f.nameEn'), kind: 'text', optional: true, hint: t('hint.english') },
    { name: 'phone', label: t('f.phone'), kind: 'text', optional: true },
    { name: 'retired', label: t('f.retired'), kind: 'check' },
  ],
  blank: () => ({ code: '', name: '', retired: false }),
});

export const itemsFields = (refs: Parameters<EntitySpec['fields']>[0]) => [
  { name: 'code', label: t('f.code'), kind: 'text' as const, key: true, hint: t('hint.code'), pattern: CODE_PATTERN() },
  { name: 'name', label: t('f.itemName'), kind: 'text' as const, wide: true },
  { name: 'nameEn', label: t('f.nameEn'), kind: 'text' as const, optional: true, wide: true, hint: t('hint.english') },
  { name: 'implementationCode', label: t('f.implementationCode'), kind: 'text' as const, optional: true, hint: t('hint.implementationCode') },
  { name: 'category', label: t('f.category'), kind: 'select' as const, options: ITEM_CATEGORIES.map((c) => ({ value: c, label: c })) },
  { name: 'department', label: t('f.department'), kind: 'select' as const, options: departmentOptions(refs) },
  { name: 'queue', label: t('f.queue'), kind: 'select' as const, options: queueOptions(refs) },
  { name: 'serviceMinutes', label: t('f.serviceMinutes'), kind: 'number' as const },
  { name: 'statutoryDays', label: t('f.statutoryDays'), kind: 'number' as const },
  { name: 'promisedDays', label: t('f.promisedDays'), kind: 'number' as const },
  { name: 'steps', label: t('f.steps'), kind: 'lines' as const, wide: true, required: true, hint: t('hint.lines') },
  { name: 'stepsEn', label: t('f.stepsEn'), kind: 'lines' as const, wide: true, hint: `${t('hint.lines')}；${t('hint.english')}` },
  { name: 'materials', label: t('f.materials'), kind: 'materials' as const, wide: true },
  { name: 'fee', label: t('f.fee'), kind: 'text' as const, optional: true },
  { name: 'feeEn', label: t('f.feeEn'), kind: 'text' as const, optional: true },
  { name: 'phone', label: t('f.phone'), kind: 'text' as const, optional: true },
  { name: 'guide', label: t('f.guide'), kind: 'textarea' as const, optional: true, wide: true },
  { name: 'guideEn', label: t('f.guideEn'), kind: 'textarea' as const, optional: true, wide: true, hint: t('hint.english') },
  { name: 'retired', label: t('f.retired'), kind: 'check' as const },
];

export const itemsSpec = (toolbar: EntitySpec['toolbar']): EntitySpec => ({
  list: 'items',
  keyField: 'code',
  title: t('nav.items'),
  noun: t('noun.item'),
  isRetired: retiredFlag,
  columns: [
    { label: t('f.code'), render: (e) => str(e, 'code'), class: 'mono' },
    { label: t('f.itemName'), render: (e) => str(e, 'name') },
    { label: t('f.category'), render: (e) => str(e, 'category') },
    { label: t('f.department'), render: (e, r) => departmentName(r, str(e, 'department')) },
    { label: t('f.queue'), render: (e, r) => queueName(r, str(e, 'queue')) },
    { label: t('f.limits'), render: (e) => t('items.limits', { promised: str(e, 'promisedDays'), statutory: str(e, 'statutoryDays') }), class: 'num' },
    { label: t('f.serviceMinutes'), render: (e) => str(e, 'serviceMinutes'), class: 'num' },
    { label: t('f.state'), render: (e) => stateCell(retiredFlag(e)) },
  ],
  fields: itemsFields,
  blank: (refs) => ({
    code: '',
    name: '',
    category: '便民服务',
    department: refs.departments.find((d) => !d.retired)?.code ?? '',
    queue: refs.queues.find((q) => q.active)?.code ?? '',
    steps: [],
    materials: [],
    statutoryDays: 0,
    promisedDays: 0,
    fee: '不收费',
    serviceMinutes: 10,
    retired: false,
  }),
  toolbar,
});

export const queuesSpec = (): EntitySpec => ({
  list: 'queues',
  keyField: 'code',
  title: t('nav.queues'),
  noun: t('noun.queue'),
  isRetired: (e) => e.active === false,
  retireText: t('queues.retireText'),
  columns: [
    { label: t('f.code'), render: (e) => str(e, 'code'), class: 'mono' },
    { label: t('f.name'), render: (e) => str(e, 'name') },
    { label: t('f.prefix'), render: (e) => str(e, 'prefix'), class: 'mono' },
    { label: t('f.dailyCap'), render: (e) => str(e, 'dailyCap') || t('queues.noCap'), class: 'num' },
    { label: t('f.idRequirement'), render: (e) => t(`id.${str(e, 'idRequirement') || 'optional'}` as 'id.optional') },
    { label: t('f.extendedHours'), render: (e) => ((e.extendedHours as unknown[] | undefined)?.length ? t('queues.hasExtended') : '') },
    { label: t('f.state'), render: (e) => stateCell(e.active === false) },
  ],
  fields: () => [
    { name: 'code', label: t('f.code'), kind: 'text', key: true, hint: t('hint.code'), pattern: CODE_PATTERN() },
    { name: 'name', label: t('f.name'), kind: 'text' },
    { name: 'prefix', label: t('f.prefix'), kind: 'text', hint: t('hint.prefix'), pattern: PREFIX_PATTERN() },
    { name: 'numberWidth', label: t('f.numberWidth'), kind: 'number' },
    { name: 'numberOverflow', label: t('f.numberOverflow'), kind: 'select', options: (['refuse', 'widen'] as const).map((v) => ({ value: v, label: t(`overflow.${v}`) })) },
    { name: 'dailyCap', label: t('f.dailyCap'), kind: 'number', optional: true },
    { name: 'idRequirement', label: t('f.idRequirement'), kind: 'select', options: (['required', 'optional', 'none'] as const).map((v) => ({ value: v, label: t(`id.${v}`) })) },
    { name: 'stopIssueMinutesBeforeClose', label: t('f.stopIssue'), kind: 'number' },
    { name: 'appointmentSlotMinutes', label: t('f.slotMinutes'), kind: 'number' },
    { name: 'appointmentSlotCap', label: t('f.slotCap'), kind: 'number' },
    { name: 'active', label: t('f.active'), kind: 'check' },
    { name: 'hours', label: t('f.hours'), kind: 'weekHours', optional: true, wide: true, hint: t('hint.hours') },
    { name: 'extendedHours', label: t('f.extendedHours'), kind: 'weekHours', optional: false, wide: true, hint: t('hint.extendedHours') },
    { name: 'slotCaps', label: t('f.slotCaps'), kind: 'slotCaps', wide: true, hint: t('hint.slotCaps') },
  ],
  blank: () => ({ code: '', name: '', prefix: '', numberWidth: 3, numberOverflow: 'refuse', slotCaps: [], extendedHours: [], stopIssueMinutesBeforeClose: 0, idRequirement: 'optional', appointmentSlotCap: 5, appointmentSlotMinutes: 30, active: true }),
});

const TARGETS = ['hall', 'strip', 'kiosk', 'window'] as const;

export const noticesSpec = (): EntitySpec => ({
  list: 'notices',
  keyField: 'code',
  title: t('nav.notices'),
  noun: t('noun.notice'),
  isRetired: () => false,
  retireText: t('notices.retireText'),
  columns: [
    { label: t('f.code'), render: (e) => str(e, 'code'), class: 'mono' },
    { label: t('f.text'), render: (e) => <span class="clip">{str(e, 'text')}</span> },
    { label: t('f.targets'), render: (e) => ((e.targets as string[] | undefined) ?? []).map((x) => t(`target.${x}` as 'target.hall')).join('、') },
    { label: t('f.startsAt'), render: (e) => formatDateTime(str(e, 'startsAt')) || t('notices.now') },
    { label: t('f.endsAt'), render: (e) => formatDateTime(str(e, 'endsAt')) || t('notices.forever') },
  ],
  fields: () => [
    { name: 'code', label: t('f.code'), kind: 'text', key: true, hint: t('hint.code'), pattern: CODE_PATTERN() },
    { name: 'text', label: t('f.text'), kind: 'textarea', wide: true },
    { name: 'targets', label: t('f.targets'), kind: 'checks', wide: true, required: true, options: TARGETS.map((v) => ({ value: v, label: t(`target.${v}`) })) },
    { name: 'startsAt', label: t('f.startsAt'), kind: 'datetime', optional: true, hint: t('hint.hallTime') },
    { name: 'endsAt', label: t('f.endsAt'), kind: 'datetime', optional: true, hint: t('hint.hallTime') },
  ],
  blank: () => ({ code: '', text: '', targets: ['hall', 'strip'] }),
});
