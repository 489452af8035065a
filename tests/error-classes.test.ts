/**
 * Every package's errors share one base: a caller (the CLI's one-line error report, a supervisor) can
 * catch `QuakefedError` and read `code` whichever package threw, and proto's re-export is that same class.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuakefedError } from '@quakefed/errors';
import { ClientError } from '@quakefed/client';
import { CoordinatorError } from '@quakefed/coordinator';
import { ModelError } from '@quakefed/model';
import { ProtocolError, QuakefedError as ProtoQuakefedError } from '@quakefed/proto';
import { SeismicError } from '@quakefed/seismic';
import { ScenarioError, SimulationError } from '@quakefed/simulations';

test("proto's QuakefedError is the errors package's class", () => {
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
