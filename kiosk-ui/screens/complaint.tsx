import { Icon } from '../components/icons.tsx';
import { Qr } from '../components/qr.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';
import { complaintTarget } from './home.tsx';

/** 投诉建议: the 12345 hotline and a QR to the complaint channel. */
export function Complaint({ k }: { k: Kiosk }) {
  const hotline = k.hall.value?.hall.hotline ?? '12345';
  const target = complaintTarget(k);
  return (
    <div class="screen complaint">
      <ScreenHead k={k} title={t('complaint.title')} back={() => k.home()} />
      <p class="lead">{t('complaint.hotline')}</p>
      <p class="hotline" data-field="hotline">
        <Icon name="phone" /> {hotline}
      </p>
      {target && (
        <>
          <div class="done-qr">
            <Qr text={target} size={360} label={t('complaint.title')} />
          </div>
          <p class="lead">{t('complaint.scan')}</p>
        </>
      )}
      <p class="lead">{t('complaint.desk')}</p>
    </div>
  );
}
