import { useMemo } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { departmentsSpec, itemsSpec, noticesSpec, queuesSpec } from './basic-specs.tsx';
import { EntityScreen, type RowHelpers } from './entity-screen.tsx';
import { ItemsCsvImport } from './items-csv.tsx';
import { devicesSpec, staffSpec, windowsSpec } from './people-specs.tsx';

const itemsToolbar = (h: RowHelpers) => (
  <>
    <a class="btn" href="/api/admin/items.csv" download="hallq-items.csv">
      {t('csv.export')}
    </a>
    {h.canEdit ? (
      <button type="button" class="btn" onClick={() => h.show(<ItemsCsvImport onClose={h.closeDialog} onImported={h.reload} />)}>
        {t('csv.import')}
      </button>
    ) : null}
  </>
);

const SPECS = {
  departments: departmentsSpec,
  items: () => itemsSpec(itemsToolbar),
  queues: queuesSpec,
  windows: windowsSpec,
  staff: staffSpec,
  devices: devicesSpec,
  notices: noticesSpec,
} as const;

export type EntityScreenName = keyof typeof SPECS;
export const ENTITY_SCREENS = Object.keys(SPECS) as EntityScreenName[];

export function ConfigEntityScreen({ name }: { name: EntityScreenName }) {
  // Specs hold translated labels; rebuilt when the screen changes.
  const spec = useMemo(() => SPECS[name](), [name]);
  return <EntityScreen key={name} spec={spec} />;
}
