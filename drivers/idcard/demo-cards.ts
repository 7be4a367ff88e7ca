import type { ResidentCard } from './text-block.ts';

/**
 * Synthetic cards for demo mode and tests: invented people with valid GB 11643 numbers
 * (Yunnan address codes), one with 长期 validity. Not real persons.
 */
export const DEMO_CARDS: readonly ResidentCard[] = [
  {
    cardType: 'resident',
    name: '张三丰',
    sexCode: '1',
    sex: '男',
    ethnicCode: '01',
    ethnicity: '汉',
    birthDate: '1965-03-12',
    address: '云南省昆明市五华区翠湖南路88号',
    idNumber: '530102196503120012',
    issuingAuthority: '昆明市公安局五华分局',
    validFrom: '2012-08-01',
    validTo: 'long-term',
  },
  {
    cardType: 'resident',
    name: '李四',
    sexCode: '2',
    sex: '女',
    ethnicCode: '14',
    ethnicity: '白',
    birthDate: '1990-07-08',
    address: '云南省昆明市盘龙区北京路1024号3栋2单元501室',
    idNumber: '530103199007080023',
    issuingAuthority: '昆明市公安局盘龙分局',
    validFrom: '2016-05-20',
    validTo: '2036-05-20',
  },
  {
    cardType: 'resident',
    name: '王小五',
    sexCode: '1',
    sex: '男',
    ethnicCode: '07',
    ethnicity: '彝',
    birthDate: '2001-11-23',
    address: '云南省大理白族自治州大理市下关镇洱河南路5号',
    idNumber: '532901200111230034',
    issuingAuthority: '大理市公安局',
    validFrom: '2019-02-14',
    validTo: '2029-02-14',
  },
];

/** A stand-in for the 1024-byte WLT photo: deterministic filler, not an image. */
export function demoPhoto(seed = 1): Buffer {
  const photo = Buffer.alloc(1024);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < photo.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    photo[i] = x & 0xff;
  }
  return photo;
}
