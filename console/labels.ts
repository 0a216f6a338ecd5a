import { sharedCategories } from '../schema/vocabulary/categories.ts';

/**
 * Chinese labels for the API's enum values, as the console shows them. The
 * value itself stays what the API defines; a value this table does not know
 * (the API grew) is shown as is rather than hidden.
 */

export const scopeLabels = {
  CLUE_READ: '线索查阅',
  CLUE_WRITE: '线索报送',
  RESULT_READ: '处理结果查阅',
  CREDIT_READ: '信用信息查阅',
  IDENTITY_READ: '身份信息查阅',
  IDENTITY_PHOTO: '身份照片查阅',
  INSPECTION_DRAW: '双随机抽取',
} as const;

export const grantStateLabels = { ACTIVE: '有效', EXPIRED: '已过期', REVOKED: '已撤销' } as const;

export const auditActionLabels = {
  UNMASKED_READ: '查阅未脱敏个人信息',
  PHOTO_ACCESS: '查阅照片',
  STEWARD_CHANGE: '管理变更',
  DEAD_LETTER_READ: '查阅死信原文',
} as const;

export const purposeBasisLabels = {
  CASE_INVESTIGATION: '案件查办',
  INSPECTION: '监督检查',
  JOINT_ENFORCEMENT: '联合执法',
  CREDIT_REVIEW: '信用审查',
  LICENSING_REVIEW: '许可审查',
} as const;

export const departmentLabels = { HEALTH: '卫生健康', POLICE: '公安', MARKET: '市场监管', INSURANCE: '医疗保障', TAX: '税务' } as const;

/** The shared categories (监管标准互通) by their GraphQL names, labelled from schema/vocabulary. */
export const categoryLabels: Readonly<Record<string, string>> = sharedCategories;

/** What an error code means, for the banner that frames the gateway's (English) message. */
export const errorCodeLabels: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: '未通过身份认证',
  FORBIDDEN: '无权执行此操作',
  BAD_USER_INPUT: '输入有误',
  NOT_FOUND: '未找到',
  RATE_LIMITED: '请求过于频繁',
  QUERY_TOO_COMPLEX: '查询过于复杂',
  SERVICE_UNAVAILABLE: '服务暂时不可用',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
  GRAPHQL_VALIDATION_FAILED: '接口不支持此请求（接口可能尚未上线）',
  GRAPHQL_PARSE_FAILED: '请求格式错误',
  GATEWAY_UNREACHABLE: '无法连接数据接口',
};

/** The label for `value` in `labels`, or the value itself when the table does not know it. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return labels[value] ?? value;
}

/** Why the chain check stopped (verifyAuditChain's AuditBrokenLinkReason). */
export const brokenLinkLabels = {
  HASH_MISMATCH: '该条记录写入后被修改',
  PREVIOUS_HASH_MISMATCH: '该条记录与前一条不衔接（之前的记录被重算或替换）',
  SEQUENCE_GAP: '该条之前的记录缺失（被删除）',
} as const;

/** Dead-letter codes (the `x-hub-error` contract of connectors/errors.ts). */
export const deadLetterCodeLabels = {
  NOT_JSON: '不是 JSON',
  NOT_CLOUDEVENT: '不是 CloudEvents 事件',
  UNSUPPORTED_SPECVERSION: '不支持的 CloudEvents 版本',
  UNSUPPORTED_CONTENT_TYPE: '不支持的内容类型',
  BAD_SOURCE: '来源（source）格式错误',
  DEPARTMENT_MISMATCH: '来源部门与主题不符',
  UNKNOWN_TYPE: '未知的事件类型',
  INVALID_TEXT: '文本不合规',
  MISSING_FIELD: '缺少字段',
  INVALID_FIELD: '字段值不合规',
  INVALID_DATE: '日期无效',
  NEGATIVE_AMOUNT: '金额为负',
  INVALID_REGION: '行政区划代码无效',
  INVALID_USCC: '统一社会信用代码无效',
  INVALID_ID_NUMBER: '身份证号码无效',
  SUBJECT_MISMATCH: '主体与数据不符',
  MAPPING_FAILED: '映射失败',
  STORE_REJECTED: '入库被拒绝',
} as const;

/** The topics departments publish to (DESIGN.md, Events). */
export const topicLabels = {
  'health.events': '卫生健康',
  'police.events': '公安',
  'market.events': '市场监管',
  'insurance.events': '医疗保障',
  'tax.events': '税务',
} as const;
