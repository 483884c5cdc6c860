// One paper layout per VtCode (凭证版式): how each voucher looks on paper — its party blocks (付款人/收款人), the
// header fields in a grid, the amount in capitals (大写) and figures, the detail lines and, on the 回单, what the
// receiver filled in (the X fields). Field labels come from the catalogue; only the arrangement is here.
//
//   parties: [[caption, nameField, accountField, bankField]]   the boxed 付款人/收款人 block
//   grid:    [[field, field], …]                              two label/value pairs per row
//   amount:  the header amount shown in 大写 and 小写
//   lines:   the columns of the detail table; lineAmount is summed in its footer
//   receipt, lineReceipt: X fields shown on the 回单 (header, and added to the lines)
//   copy:    the copy (联次) printed under the title

const PAY = ['付款人', 'PayAcctName', 'PayAcctNo', 'PayAcctBankName'];
const PAYEE = ['收款人', 'PayeeAcctName', 'PayeeAcctNo', 'PayeeAcctBankName'];
const X_PAID = ['XPayDate', 'XAgentBusinessNo', 'XPayAmt'];
const X_LINE = ['XPayAmt', 'XAddWord'];

export const TEMPLATES = {
  5201: {
    copy: '代理银行记账联', parties: [PAY, PAYEE],
    grid: [['FundTypeName', 'PayTypeName'], ['SupDepName', 'AgencyName'], ['ExpFuncName', 'ExpEcoName'],
      ['PayBankName', 'ClearBankName'], ['PaySummaryName', 'BusinessTypeName']],
    amount: 'PayAmt',
    lines: ['AgencyName', 'ExpFuncName', 'PayeeAcctName', 'PayeeAcctNo', 'PayeeAcctBankName', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: [...X_PAID, 'XPayeeAcctName', 'XPayeeAcctNo'], lineReceipt: X_LINE,
  },
  8207: {
    copy: '代理银行记账联（批量明细）', parties: [PAY],
    grid: [['OriginalVtCode', 'OriginalVoucherNo'], ['FundTypeName', 'PayTypeName'], ['AgencyName', 'ExpFuncName'],
      ['PayBankName', 'BusinessTypeName'], ['SumAmt', 'Remark']],
    amount: 'PayAmt',
    lines: ['OriVoucherNo', 'AgencyName', 'PayeeAcctName', 'PayeeAcctNo', 'PayeeAcctBankName', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: [...X_PAID, 'XSumAmt'], lineReceipt: X_LINE,
  },
  8202: {
    copy: '代理银行记账联', parties: [PAY, PAYEE],
    grid: [['FundTypeName', 'PayTypeName'], ['SupDepName', 'AgencyName'], ['ExpFuncName', 'ExpEcoName'],
      ['PayBankName', 'PaySummaryName'], ['BusinessTypeName', 'PayMgrName']],
    amount: 'PayAmt',
    lines: ['ExpFuncName', 'ExpEcoName', 'PayeeAcctName', 'PayeeAcctNo', 'PayeeAcctBankName', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: [...X_PAID, 'XPayeeAcctName', 'XPayeeAcctNo'], lineReceipt: X_LINE,
  },
  5207: {
    copy: '国库记账联', parties: [PAY, PAYEE],
    grid: [['TreCode', 'FinOrgCode'], ['FundTypeName', 'PayTypeName'], ['AgencyName', 'ClearBankName'],
      ['PaySummaryName', 'BusinessTypeName']],
    amount: 'PayAmt',
    lines: ['AgencyName', 'ExpFuncName', 'PayeeAcctName', 'PayeeAcctNo', 'PaySummaryName', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: X_PAID, lineReceipt: X_LINE,
  },
  5104: {
    copy: '代理银行留存联',
    grid: [['TreCode', 'FinOrgCode'], ['FundTypeName', 'SetMonth'], ['PayBankName', 'PayBankNo'], ['DeptNum', 'Remark']],
    amount: 'PlanAmt',
    lines: ['SupDepName', 'AgencyName', 'ExpFuncName', 'ExpEcoName', 'AgencyAccoCode', 'PlanAmt'],
    lineAmount: 'PlanAmt',
  },
  5105: {
    copy: '预算单位留存联',
    grid: [['OriVtCode', 'OriVoucherNo'], ['AgencyName', 'AgencyAccoCode'], ['SetMonth', 'FundTypeName'],
      ['PayBankName', 'Remark']],
    amount: 'PlanAmt',
    lines: ['ExpFuncName', 'ExpEcoName', 'DepProName', 'Remark', 'PlanAmt'],
    lineAmount: 'PlanAmt',
  },
  5106: {
    copy: '人民银行清算联', parties: [['付款人', 'PayAcctName', 'PayAcctNo', 'ClearBankName'], ['收款人', 'PayeeAcctName', 'PayeeAcctNo', 'PayBankName']],
    grid: [['TreCode', 'FinOrgCode'], ['ClearVoucherNo', 'SetMonth'], ['FundTypeName', 'DeptNum']],
    amount: 'PlanAmt',
    lines: ['SupDepName', 'AgencyName', 'ExpFuncName', 'ProCatName', 'PlanAmt'],
    lineAmount: 'PlanAmt',
  },
  5108: {
    copy: '人民银行清算联', parties: [PAY, PAYEE],
    grid: [['TreCode', 'FinOrgCode'], ['FundTypeName', 'PayVoucherNo'], ['PayBankName', 'PayBankNo']],
    amount: 'PayAmt',
    lines: ['SupDepName', 'AgencyName', 'ExpFuncName', 'DirectVoucherNo', 'PayeeAcctName', 'PayAmt'],
    lineAmount: 'PayAmt',
  },
  5204: {
    copy: '收款单位入账联', parties: [PAY, PAYEE],
    grid: [['OriVtCode', 'OriVoucherNo'], ['AgencyName', 'PayDate'], ['AgentBusinessNo', 'PayTypeName'],
      ['ExpFuncName', 'PaySummaryName']],
    amount: 'PayAmt',
    lines: ['AgencyName', 'ExpFuncName', 'PayeeAcctName', 'PayeeAcctNo', 'PayAmt'],
    lineAmount: 'PayAmt',
  },
  2301: {
    copy: '人民银行记账联',
    parties: [['付款人', 'ClearAcctName', 'ClearAcctNo', 'ClearAcctBankName'], ['收款人', 'AgentAcctName', 'AgentAcctNo', 'AgentAcctBankName']],
    grid: [['TreCode', 'FinOrgCode'], ['FundTypeName', 'PayTypeName'], ['PayBankName', 'PayBankNo'], ['MoneyCorpCode', 'Remark']],
    amount: 'PayAmt',
    lines: ['OriVtCode', 'SupDepName', 'AgencyName', 'ExpFuncName', 'PayeeAcctName', 'PayDate', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: ['XClearDate', 'XPaySndBnkNo', 'XPayAmt', 'XAddWord'], lineReceipt: X_LINE,
  },
  2302: {
    copy: '人民银行记账联（退款）',
    parties: [['付款人', 'AgentAcctName', 'AgentAcctNo', 'AgentAcctBankName'], ['收款人', 'ClearAcctName', 'ClearAcctNo', 'ClearAcctBankName']],
    grid: [['TreCode', 'FinOrgCode'], ['FundTypeName', 'PayTypeName'], ['PayBankName', 'ReturnDate'], ['PayDictateNo', 'Remark']],
    amount: 'PayAmt',
    lines: ['OriVoucherNo', 'AgencyName', 'ExpFuncName', 'PayeeAcctName', 'ReturnDate', 'PayAmt'],
    lineAmount: 'PayAmt',
    receipt: ['XClearDate', 'XPaySndBnkNo', 'XPayAmt', 'XAddWord'], lineReceipt: X_LINE,
  },
  3401: {
    copy: '财政留存联',
    grid: [['TreCode', 'TreName'], ['FinOrgCode', 'ReportDate'], ['BudgetType', 'BudgetLevelCode'], ['BillKind', 'PeriodType']],
    amount: 'SumMoney',
    lines: ['TaxOrgName', 'BudgetSubjectCode', 'BudgetSubjectName', 'CurIncomeAmt', 'MonthAmt', 'YearAmt'],
    lineAmount: 'CurIncomeAmt',
  },
  3402: {
    copy: '财政留存联',
    grid: [['TreName', 'AcctNo'], ['AcctDate', 'ReportDate'], ['PreBalance', 'IncomeAmt'], ['PayAmt', 'CurBalance']],
    amount: 'CurBalance',
    lines: ['AcctCode', 'AcctName', 'YesterdayBalance', 'TodayReceipt', 'TodayPay', 'TodayBalance'],
    lineAmount: 'TodayBalance',
  },
  2206: {
    copy: '财政留存联',
    grid: [['PayBankName', 'ReportDate'], ['AllNum', 'FundTypeName'], ['PosAmt', 'NegAmt'], ['AllAmt', 'PayTypeName']],
    amount: 'PayAmt',
    lines: ['VoucherNo', 'AgencyName', 'ExpFuncName', 'PayeeAcctName', 'PayDate', 'PayAmt'],
    lineAmount: 'PayAmt',
  },
};

/**
 * The layout of a VtCode; a type added to the catalogue without a layout here still shows, every header field in
 * the grid and every line field in the table.
 */
export function layoutOf(type) {
  const t = TEMPLATES[type.vtCode];
  if (t) return t;
  const skip = new Set(['Id', 'AdmDivCode', 'StYear', 'VtCode', 'VouDate', 'VoucherNo']);
  const names = type.headerFields.filter((f) => !skip.has(f.name) && !f.receiptOnly).map((f) => f.name);
  const grid = [];
  for (let i = 0; i < names.length; i += 2) grid.push(names.slice(i, i + 2));
  return { grid, amount: type.sumField, lines: type.detailFields.filter((f) => !f.receiptOnly).map((f) => f.name), lineAmount: type.sumField };
}
