import { Icon } from '../components/icons.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import type { ItemInfo } from '../hall-data.ts';
import { locale, t } from '../i18n/index.ts';
import { localText, nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

/** 一次性告知 lines: name, copies, note, in English where the catalogue has English texts. */
export function materialLines(item: ItemInfo): string[] {
  const sep = locale.value === 'en' ? ', ' : '，';
  return item.materials.map((m) => [localText(m, 'name'), localText(m, 'copies'), localText(m, 'note')].filter(Boolean).join(sep));
}

/** The item's steps in the current language: English only when the catalogue gives them all. */
export function stepsOf(item: ItemInfo): string[] {
  return locale.value === 'en' && item.stepsEn?.length ? item.stepsEn : item.steps;
}

/** 办事指南 for one item: steps, materials, time limits, fees, windows, phone; print or take a ticket. */
export function GuideItem({ k, item: code }: { k: Kiosk; item: string }) {
  const item = k.item(code);
  if (!item) return null;
  const dept = k.hall.value?.departments.find((d) => d.code === item.department);
  const windows = k.queue(item.queue)?.windows ?? [];
  const phone = item.phone ?? dept?.phone;
  return (
    <div class="screen guide-item">
      <ScreenHead k={k} title={nameOf(item)} back={() => k.go({ name: 'guideItems', department: item.department })} />
      <div class="guide-body">
        <dl class="facts facts-compact">
          <div>
            <dt>{t('guide.category')}</dt>
            <dd>{item.category}</dd>
          </div>
          <div>
            <dt>{t('guide.department')}</dt>
            <dd>{dept ? nameOf(dept) : ''}</dd>
          </div>
          <div>
            <dt>{t('guide.limits')}</dt>
            <dd data-field="limits">
              {t('guide.statutory', { days: item.statutoryDays })}；{item.promisedDays ? t('guide.promised', { days: item.promisedDays }) : t('guide.promisedNow')}
            </dd>
          </div>
          <div>
            <dt>{t('guide.fee')}</dt>
            <dd data-field="fee">{localText(item, 'fee')}</dd>
          </div>
          <div>
            <dt>{t('guide.windows')}</dt>
            <dd>{t('common.windows', { windows: windows.join('、') })}</dd>
          </div>
          {phone && (
            <div>
              <dt>{t('guide.phone')}</dt>
              <dd data-field="phone">{phone}</dd>
            </div>
          )}
        </dl>
        <section class="guide-section">
          <h2>{t('guide.steps')}</h2>
          <ol class="steps" data-field="steps">
            {stepsOf(item).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </section>
        <section class="guide-section materials">
          <h2>{t('guide.materials')}</h2>
          <ol data-field="materials">
            {item.materials.length ? materialLines(item).map((m) => <li key={m}>{m}</li>) : <li>{t('guide.none')}</li>}
          </ol>
        </section>
        {item.guide && <p class="guide-text">{localText(item, 'guide')}</p>}
      </div>
      {k.notice.value === 'guidePrinted' && <p class="notice">{t('guide.printed')}</p>}
      {k.notice.value === 'guidePrintFailed' && <p class="alert">{t('guide.printFailed')}</p>}
      <div class="button-row">
        <button type="button" class="btn btn-secondary" data-action="print-guide" disabled={k.busy.value} onClick={() => void k.printGuide(item.code)}>
          <Icon name="printer" /> {t('guide.print')}
        </button>
        <button type="button" class="btn btn-primary" data-action="take-item" onClick={() => k.chooseItem(item.code)}>
          {t('guide.take')}
        </button>
      </div>
    </div>
  );
}
