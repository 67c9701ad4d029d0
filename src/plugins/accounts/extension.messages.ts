// Strings of the message extension's account and contact cards, in English and Simplified Chinese.
import { defineMessages } from '../../core/i18n';

export const extensionMessages = defineMessages({
  en: {
    'ext.open': 'Open in Guanxi CRM',
    'ext.openAccount': 'Open the account',
    'ext.contact': 'Contact',
    'ext.account': 'Account',
    'ext.title': 'Title',
    'ext.role': 'Buying role',
    'ext.contactAt': 'Contact at {account}',
  },
  'zh-CN': {
    'ext.open': '在关系 CRM 中打开',
    'ext.openAccount': '打开客户',
    'ext.contact': '联系人',
    'ext.account': '客户',
    'ext.title': '职位',
    'ext.role': '采购角色',
    'ext.contactAt': '{account} 的联系人',
  },
});
