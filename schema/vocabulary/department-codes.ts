import type { Department, SharedCategory } from './categories.ts';

/**
 * Each department's violation codes (as in its own events) mapped onto the
 * shared categories. The Chinese label is the department's own wording.
 */
export const departmentCodeMap: Record<Department, Record<string, { category: SharedCategory; label: string }>> = {
  health: {
    'WJ-FFXY': { category: 'ILLEGAL_PRACTICE', label: '非法行医（含使用非卫生技术人员）' },
    'WJ-CZZZ': { category: 'LICENSE_MISUSE', label: '出卖、转让、出借《医疗机构执业许可证》' },
    'WJ-GDZL': { category: 'EXCESSIVE_TREATMENT', label: '过度诊疗' },
    'WJ-XJXC': { category: 'FALSE_ADVERTISING', label: '虚假宣传' },
    'WJ-CRFK': { category: 'INFECTION_CONTROL', label: '传染病防治违法' },
    'WJ-YLFW': { category: 'MEDICAL_WASTE', label: '医疗废物管理违法' },
    'WJ-FFCX': { category: 'ILLEGAL_BLOOD', label: '非法采供血' },
    'WJ-ZLAQ': { category: 'QUALITY_SAFETY', label: '医疗质量安全违规' },
    'WJ-SYHL': { category: 'BRIBERY', label: '医药购销商业贿赂' },
  },
  police: {
    'GA-YT': { category: 'TOUT', label: '医托' },
    'GA-HFZ': { category: 'SCALPER', label: '号贩子' },
    'GA-YN': { category: 'MEDICAL_DISTURBANCE', label: '医闹、扰乱医疗秩序、伤害医务人员' },
    'GA-FFXY': { category: 'ILLEGAL_PRACTICE', label: '非法行医罪线索' },
  },
  market: {
    'SJ-XJGG': { category: 'FALSE_ADVERTISING', label: '虚假医疗广告' },
    'SJ-JGWF': { category: 'PRICE_VIOLATION', label: '价格违法' },
    'SJ-YPZL': { category: 'DRUG_DEVICE_QUALITY', label: '药品、医疗器械质量违法' },
    'SJ-SYHL': { category: 'BRIBERY', label: '商业贿赂' },
  },
  insurance: {
    'YB-XJZY': { category: 'INSURANCE_FRAUD', label: '虚假住院' },
    'YB-GC': { category: 'INSURANCE_FRAUD', label: '挂床住院' },
    'YB-CHYP': { category: 'INSURANCE_FRAUD', label: '串换药品、耗材、诊疗项目' },
    'YB-ZJSF': { category: 'INSURANCE_FRAUD', label: '重复收费、超标准收费' },
    'YB-WZYY': { category: 'INSURANCE_FRAUD', label: '伪造医疗文书骗取医保基金' },
  },
  tax: {
    'SW-TS': { category: 'TAX_VIOLATION', label: '偷税' },
    'SW-XKFP': { category: 'TAX_VIOLATION', label: '虚开发票' },
    'SW-WAQSB': { category: 'TAX_VIOLATION', label: '未按期申报' },
  },
};
