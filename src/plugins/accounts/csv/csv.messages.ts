// Strings of CSV import and export (rejected-row reasons, header problems), in English and Simplified Chinese.
import { defineMessages, format, type Locale, type Translate } from '../../../core/i18n';

export const csvMessages = defineMessages({
  en: {
    'header.empty': 'the file is empty: its first row must name the columns',
    'file.encoding': 'the file is not in UTF-8; in Excel, save it as "CSV UTF-8 (Comma delimited)"',
    'header.unknown': 'unknown column "{column}" (column {position} of line 1); the columns are: {accepted}',
    'header.duplicate': 'the column "{column}" appears twice in line 1',
    'header.missing': 'the required column "{column}" is missing from line 1',
    'row.columnCount': 'the row has {count} values but the header has {expected} columns',
    'row.issue': '{column}: {message}',
    'value.required': 'a value is required',
    'value.boolean': 'write yes or no (是/否, true/false, 1/0), not "{value}"',
    'value.choice': '"{value}" is not one of: {allowed}',
    'row.duplicateInFile': 'the name "{name}" is already used by line {line} of this file',
    'row.parentNotImported': 'the parent account "{name}" on line {line} was not imported',
    'row.parentNotFound': 'there is no account named "{name}" to be the parent account',
    'row.parentCycle': 'the parent account "{name}" could not be imported before this row (do the accounts name each other as parents?)',
    'row.notImported': 'not imported: the import stopped before this row was stored',
    'stop.failure': 'the import stopped: {message} Nothing from line {line} on was imported.',
    'problem.CSV_QUOTE_NOT_CLOSED': 'a quoted value is never closed',
    'problem.CSV_INVALID_CLOSING_QUOTE': 'a closing quote is followed by other characters',
    'problem.INVALID_OPENING_QUOTE': 'a quote appears inside a value that does not start with a quote',
    'problem.CSV_MAX_RECORD_SIZE': 'the row is longer than {limit}',
    'problem.other': '{message}',
  },
  'zh-CN': {
    'header.empty': '文件为空：第一行必须是列名',
    'file.encoding': '文件不是 UTF-8 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”',
    'header.unknown': '未知的列“{column}”（第 1 行第 {position} 列）；可用的列为：{accepted}',
    'header.duplicate': '列“{column}”在第 1 行中出现了两次',
    'header.missing': '第 1 行缺少必填列“{column}”',
    'row.columnCount': '该行有 {count} 个值，但表头有 {expected} 列',
    'row.issue': '{column}：{message}',
    'value.required': '必须填写',
    'value.boolean': '请填写 是 或 否（yes/no、true/false、1/0），而不是“{value}”',
    'value.choice': '“{value}”不是以下选项之一：{allowed}',
    'row.duplicateInFile': '名称“{name}”已在本文件第 {line} 行使用',
    'row.parentNotImported': '第 {line} 行的上级客户“{name}”未能导入',
    'row.parentNotFound': '没有名为“{name}”的客户可作为上级客户',
    'row.parentCycle': '上级客户“{name}”无法在本行之前导入（这些客户是否互为上级？）',
    'row.notImported': '未导入：导入在保存此行之前已停止',
    'stop.failure': '导入已停止：{message}从第 {line} 行起的内容均未导入。',
    'problem.CSV_QUOTE_NOT_CLOSED': '带引号的值没有结束引号',
    'problem.CSV_INVALID_CLOSING_QUOTE': '结束引号后面还有其他字符',
    'problem.INVALID_OPENING_QUOTE': '不以引号开头的值中出现了引号',
    'problem.CSV_MAX_RECORD_SIZE': '该行超过 {limit}',
    'problem.other': '{message}',
  },
});

export type CsvMessageKey = keyof (typeof csvMessages)['en'];

/** Renders CSV strings in one language; a key outside the catalogue is a programming error. */
export function csvTranslator(locale: Locale): Translate {
  const strings: Record<string, string> = csvMessages[locale];
  return (key, params) => {
    const template = strings[key];
    if (template === undefined) throw new Error(`Missing CSV string "${key}" for ${locale}`);
    return format(template, params);
  };
}
