import { useState } from 'preact/hooks';
import type { WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/**
 * The staff member on duty: name, title and badge number, as the seed's clause (七) asks staff to
 * wear. A photo is shown when the screen is given a photo folder (?photos=/photos/ → /photos/T001.jpg)
 * and the file exists.
 */
export function StaffCard({ staff, photos }: { staff: WindowStateView['staff']; photos: string | null }) {
  const [photoFailed, setPhotoFailed] = useState<string | null>(null);
  if (!staff) {
    return (
      <div class="staff-card empty" data-testid="staff">
        <div class="staff-none">{t('window.noStaff')}</div>
      </div>
    );
  }
  const photo = photos && photoFailed !== staff.badge ? `${photos}${encodeURIComponent(staff.badge)}.jpg` : null;
  return (
    <div class="staff-card" data-testid="staff">
      {photo ? (
        <img class="staff-photo" src={photo} alt="" onError={() => setPhotoFailed(staff.badge)} />
      ) : (
        <div class="staff-photo placeholder" aria-hidden="true">
          {staff.name.slice(0, 1)}
        </div>
      )}
      <div class="staff-text">
        <div class="staff-label">{t('window.staff')}</div>
        <div class="staff-name">{staff.name}</div>
        {staff.title && <div class="staff-title">{staff.title}</div>}
        <div class="staff-badge">{t('window.badge', { badge: staff.badge })}</div>
      </div>
    </div>
  );
}
