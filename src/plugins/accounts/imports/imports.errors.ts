// The failures of CSV imports as resources: a file refused whole, and an import its process did not live to finish.
import { defineErrors } from '../../../core/errors';

export const importErrors = defineErrors({
  IMPORT_NOT_UTF8: {
    status: 400,
    en: 'The file is not UTF-8 (byte {offset} is not valid UTF-8). Save it as "CSV UTF-8" and import again; nothing was imported.',
    'zh-CN': '文件不是 UTF-8 编码（第 {offset} 个字节无效）。请另存为“CSV UTF-8”后重新导入；未导入任何内容。',
  },
  IMPORT_MALFORMED: {
    status: 400,
    en: 'Line {line} of the file is not valid CSV ({problem}). Correct it and import again; nothing was imported.',
    'zh-CN': '文件第 {line} 行不是有效的 CSV（{problem}）。请更正后重新导入；未导入任何内容。',
  },
  IMPORT_INTERRUPTED: {
    status: 500,
    en: 'The import was interrupted when the server stopped. The rows counted as done are stored; import the file again to add the rest (rows already stored are reported as duplicates).',
    'zh-CN': '服务器停止时导入被中断。已计为完成的行已保存；请重新导入该文件以添加其余行（已保存的行会报告为重复）。',
  },
});
