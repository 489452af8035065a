/**
 * Every package's errors share one base: a caller (the CLI's one-line error report, a supervisor) can
 * catch `QuakefedError` and read `code` whichever package threw, and proto's re-export is that same class.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuakefedError } from '@quakefed/core';
import { CLIENT_ERROR_CODES, ClientError } from '@quakefed/client';
import { COORDINATOR_ERROR_CODES, ClientFailureError, CoordinatorError } from '@quakefed/coordinator';
import { MODEL_ERROR_CODES, ModelError } from '@quakefed/model';
import { PROTO_ERROR_CODES, ProtocolError, QuakefedError as ProtoQuakefedError } from '@quakefed/proto';
import { SEISMIC_ERROR_CODES, SeismicError } from '@quakefed/seismic';
import { ScenarioError, SIM_ERROR_CODES, SimulationError } from '@quakefed/simulations';

test("proto's QuakefedError is the core package's class", () => {
  assert.equal(ProtoQuakefedError, QuakefedError);
});

test("each package's error is a QuakefedError that keeps its code and names its class", () => {
  const errors: [QuakefedError, string, string][] = [
    [new SeismicError('QF_ERR_BAD_MSEED', 'x'), 'QF_ERR_BAD_MSEED', 'SeismicError'],
    [new ProtocolError('QF_ERR_BAD_MESSAGE', 'x'), 'QF_ERR_BAD_MESSAGE', 'ProtocolError'],
    [new ModelError('QF_ERR_BAD_DATA', 'x'), 'QF_ERR_BAD_DATA', 'ModelError'],
    [new CoordinatorError('QF_ERR_SHAPE_MISMATCH', 'x'), 'QF_ERR_SHAPE_MISMATCH', 'CoordinatorError'],
    [new ClientError('QF_ERR_CLIENT_OPTIONS', 'x'), 'QF_ERR_CLIENT_OPTIONS', 'ClientError'],
    [new SimulationError('QF_ERR_WORKER_FAILED', 'x'), 'QF_ERR_WORKER_FAILED', 'SimulationError'],
    [new ScenarioError(['rounds must be > 0']), 'QF_ERR_SCENARIO_INVALID', 'ScenarioError'],
  ];
  for (const [error, code, name] of errors) {
    assert.ok(error instanceof QuakefedError, name);
    assert.equal(error.code, code, name);
    assert.equal(error.name, name);
  }
});

test("the coordinator's error about a failing client is not named like the client package's own error", () => {
  const failure = new ClientFailureError(COORDINATOR_ERROR_CODES.clientFailed, 'x');
  assert.ok(failure instanceof CoordinatorError && !(failure instanceof ClientError));
  assert.notEqual(failure.name, new ClientError(CLIENT_ERROR_CODES.badOptions, 'x').name);
});

test('every package states its codes in one style: a table of camelCase names to distinct QF_ERR_ codes', () => {
  const tables = {
    SEISMIC_ERROR_CODES,
    PROTO_ERROR_CODES,
    MODEL_ERROR_CODES,
    COORDINATOR_ERROR_CODES,
    CLIENT_ERROR_CODES,
    SIM_ERROR_CODES,
  };
  for (const [table, codes] of Object.entries(tables)) {
    for (const [name, code] of Object.entries(codes)) {
      assert.match(name, /^[a-z][A-Za-z0-9]*$/, `${table}.${name}`);
      assert.match(code, /^QF_ERR_[A-Z0-9_]+$/, `${table}.${name}`);
    }
    assert.equal(new Set(Object.values(codes)).size, Object.keys(codes).length, `${table} repeats a code`);
  }
});
