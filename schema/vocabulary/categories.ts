/**
 * The shared vocabulary of violation categories (监管标准互通): every
 * department's own code maps onto one of these, so a query means the same
 * in every department and region.
 */
export const sharedCategories = {
  ILLEGAL_PRACTICE: '非法行医',
  INSURANCE_FRAUD: '欺诈骗保',
  FALSE_ADVERTISING: '虚假宣传',
  TOUT: '医托',
  SCALPER: '号贩子',
  MEDICAL_DISTURBANCE: '医闹',
  LICENSE_MISUSE: '出租出借证照',
  EXCESSIVE_TREATMENT: '过度诊疗',
  PRICE_VIOLATION: '价格违法',
  DRUG_DEVICE_QUALITY: '药品器械质量',
  BRIBERY: '商业贿赂',
  TAX_VIOLATION: '涉税违法',
  INFECTION_CONTROL: '传染病防治',
  MEDICAL_WASTE: '医疗废物',
  ILLEGAL_BLOOD: '非法采供血',
  QUALITY_SAFETY: '医疗质量安全',
  OTHER: '其他',
} as const;

export type SharedCategory = keyof typeof sharedCategories;

/** The five departments that publish to the hub. */
export const departments = ['health', 'police', 'market', 'insurance', 'tax'] as const;
export type Department = (typeof departments)[number];

export function isDepartment(value: string): value is Department {
  return (departments as readonly string[]).includes(value);
}
