import { ScanRefusedBanner } from '../components/help.tsx';
import { Keypad } from '../components/keypad.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t, type KioskKey } from '../i18n/index.ts';
import { nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

const ID_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'].map((d) => ({ value: d }));

/**
 * The 18 characters of an ID number on an on-screen keypad (no system keyboard on a kiosk), in the
 * groups of the number (address 6, birth date 8, order and check 4), checked by GB 11643 before it is
 * sent: a mistyped digit is said at once, in plain words.
 */
export function TypedId({ k, item }: { k: Kiosk; item: string }) {
  const info = k.item(item);
  const id = k.idDraft.value;
  const problem = k.idProblem.value;
  const boxes = Array.from({ length: 18 }, (_, i) => id[i] ?? '');
  const group = (from: number, to: number) => (
    <span class="id-group">
      {boxes.slice(from, to).map((c, i) => (
        <span key={from + i} class={`id-box${c ? ' id-box-filled' : ''}`}>
          {c}
        </span>
      ))}
    </span>
  );
  return (
    <div class="screen typed-id">
      <ScreenHead k={k} title={t('typed.title')} back={() => k.go({ name: 'card', item })} />
      <p class="lead lead-strong">{info ? nameOf(info) : ''}</p>
      <p class="lead">{t('typed.hint')}</p>
      <div class="id-boxes" data-field="id-number" data-length={id.length} aria-label={t('typed.title')}>
        {group(0, 6)}
        {group(6, 14)}
        {group(14, 18)}
      </div>
      {problem && (
        <p class="alert" role="alert" data-field="id-problem" data-problem={problem}>
          {t(`typed.${problem}` as KioskKey)}
        </p>
      )}
      <ScanRefusedBanner k={k} />
      <Keypad class="digits id-keys" keys={[...ID_KEYS, { value: 'del', label: t('typed.delete') }, { value: 'clear', label: t('typed.clear'), wide: true }]} onKey={(v) => k.idKey(v)} />
      <button type="button" class="btn btn-primary btn-wide btn-big" data-action="id-next" disabled={id.length === 0} onClick={() => k.submitId()}>
        {t('typed.next')}
      </button>
    </div>
  );
}

/**
 * About a hundred of the most common surnames (well over four in five citizens) as keys: a name without a pinyin IME or
 * handwriting pad. The given name can follow on a keyboard where the kiosk has one; the name is
 * optional, since the queue rules key on the ID number and the window checks the person.
 */
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文'];

export function TypedName({ k }: { k: Kiosk }) {
  const name = k.nameDraft.value;
  return (
    <div class="screen typed-name">
      <ScreenHead k={k} title={t('typed.nameTitle')} back={() => k.typeId()} />
      <p class="lead">{t('typed.nameHint')}</p>
      <label class="name-field">
        <span>{t('typed.nameLabel')}</span>
        <input
          class="name-input"
          type="text"
          maxLength={20}
          autocomplete="off"
          value={name}
          data-field="name"
          aria-label={t('typed.nameLabel')}
          onInput={(e) => {
            k.nameDraft.value = (e.currentTarget as HTMLInputElement).value.slice(0, 20);
            k.touched();
          }}
        />
      </label>
      <Keypad class="surnames" keys={[...SURNAMES.map((s) => ({ value: s })), { value: 'del', label: t('typed.delete'), wide: true }, { value: 'clear', label: t('typed.clear'), wide: true }]} onKey={(v) => k.nameKey(v)} />
      <button type="button" class="btn btn-primary btn-wide btn-big" data-action="name-next" onClick={() => k.submitName()}>
        {name.trim() ? t('typed.nameDone') : t('typed.nameSkip')}
      </button>
    </div>
  );
}
