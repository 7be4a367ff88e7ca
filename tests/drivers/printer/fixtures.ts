import type { PrintableTicket } from '../../../drivers/printer/ticket-layout.ts';

export const MATERIALS = [
  '居民身份证原件及复印件一份',
  '户口簿原件（首页及本人页）',
  '近期免冠一寸彩色照片两张，白色背景，不戴帽子，露出双耳，照片背面写上姓名',
  '委托他人代办的，需提供授权委托书及代办人身份证原件',
];

export function sampleTicket(overrides: Partial<PrintableTicket> = {}): PrintableTicket {
  return {
    hallName: '示范市政务服务中心',
    queueName: '户籍业务',
    itemName: '居民身份证换领',
    number: 'A001',
    peopleAhead: 3,
    estimatedWaitMinutes: 15,
    issuedAt: '2024-05-06 09:30',
    windows: ['3号窗口', '5号窗口'],
    idTail: '****002X',
    tags: ['green', 'proxy'],
    materials: MATERIALS,
    statusUrl: 'https://hall.example.gov.cn/t/A001?d=20240506&k=7f3a',
    footer: ['政务服务便民热线 12345', '过号请重新取号，谢谢配合'],
    ...overrides,
  };
}
