// Errors a plugin declares render like the core's, and a set throws and recognises only its own codes.
import { describe, expect, it } from 'vitest';
import { AppError, coreErrors, defineErrors, isAppError } from '../../src/core/errors';
import { pipelineErrors } from '../../src/plugins/pipeline/pipeline.errors';

const caseErrors = defineErrors({
  CASE_CLOSED: { status: 409, en: 'The case "{title}" is closed.', 'zh-CN': '服务请求“{title}”已关闭。' },
  SLA_UNKNOWN: { status: 400, en: 'There is no SLA "{sla}".', 'zh-CN': '没有服务级别协议 "{sla}"。' },
});

describe('a plugin error set', () => {
  it('throws an AppError with its status, code, details and message in both languages', () => {
    const error = caseErrors.fail('CASE_CLOSED', { title: 'Printer' }, { field: 'status' });

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'CASE_CLOSED',
      status: 409,
      details: { field: 'status' },
      message: 'The case "Printer" is closed.',
    });
    expect(error.localisedMessage('zh-CN')).toBe('服务请求“Printer”已关闭。');
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('storage said no');
    expect(caseErrors.fail('SLA_UNKNOWN', { sla: 'gold' }, undefined, { cause }).cause).toBe(cause);
  });

  it('recognises its own errors, by code when codes are given', () => {
    const closed = caseErrors.fail('CASE_CLOSED', { title: 'Printer' });

    expect(caseErrors.is(closed)).toBe(true);
    expect(caseErrors.is(closed, 'SLA_UNKNOWN', 'CASE_CLOSED')).toBe(true);
    expect(caseErrors.is(closed, 'SLA_UNKNOWN')).toBe(false);
    expect(pipelineErrors.is(closed)).toBe(false);
    expect(caseErrors.is(new AppError('CONFLICT', { entity: 'case' }))).toBe(false);
    expect(caseErrors.is(new Error('CASE_CLOSED'))).toBe(false);
  });

  it('lists its codes and their statuses', () => {
    expect(caseErrors.codes).toEqual(['CASE_CLOSED', 'SLA_UNKNOWN']);
    expect(caseErrors.status('SLA_UNKNOWN')).toBe(400);
  });

  it('refuses a code that is not UPPER_SNAKE_CASE or a status that is not an error', () => {
    expect(() => defineErrors({ caseClosed: { status: 409, en: 'x', 'zh-CN': 'x' } })).toThrow(
      'Error code "caseClosed" must be UPPER_SNAKE_CASE',
    );
    expect(() => defineErrors({ CASE_CLOSED: { status: 200, en: 'x', 'zh-CN': 'x' } })).toThrow(
      'Error code "CASE_CLOSED" has the HTTP status 200',
    );
  });

  it('is typed: a set throws only its own codes, each with both languages', () => {
    // @ts-expect-error a misspelt code
    expect(() => caseErrors.fail('CASE_CLOSD')).toThrow('Error code "CASE_CLOSD" is not declared');
    // @ts-expect-error another plugin's code
    expect(() => caseErrors.fail('UNKNOWN_STAGE')).toThrow('Error code "UNKNOWN_STAGE" is not declared');
    // @ts-expect-error a plugin code is not a core code
    expect(() => new AppError('UNKNOWN_STAGE')).toThrow('Error code "UNKNOWN_STAGE" is not declared');
    // @ts-expect-error a message without its Chinese
    expect(defineErrors({ CASE_OPEN: { status: 409, en: 'Open.' } }).codes).toEqual(['CASE_OPEN']);
  });
});

describe('isAppError', () => {
  it('is true for any expected failure without codes, and for the named core codes with them', () => {
    const conflict = new AppError('CONFLICT', { entity: 'account' });
    const retired = pipelineErrors.fail('STAGE_RETIRED', { stageId: 'demo' });

    expect(isAppError(conflict)).toBe(true);
    expect(isAppError(retired)).toBe(true);
    expect(isAppError(conflict, 'NOT_FOUND', 'CONFLICT')).toBe(true);
    expect(isAppError(conflict, 'NOT_FOUND')).toBe(false);
    expect(isAppError(retired, 'CONFLICT')).toBe(false);
    expect(isAppError(new Error('CONFLICT'), 'CONFLICT')).toBe(false);
  });

  it('finds the core codes in the core set', () => {
    expect(coreErrors.is(new AppError('NOT_FOUND', { entity: 'account', id: 'x' }), 'NOT_FOUND')).toBe(true);
    expect(coreErrors.status('STORAGE_UNAVAILABLE')).toBe(503);
  });
});
