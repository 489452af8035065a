/**
 * Predicted P arrivals and the detectability rule used to label a gateway's archive from a catalogue.
 *
 * Travel time: straight ray through a constant-velocity half-space, t = hypocentral distance / Vp with
 * Vp = 6.0 km/s (an average crustal P velocity). Over local distances (< ~150 km) this is within a
 * second or two of a layered model, well inside the ±several-seconds tolerance of the 1–7 s label span.
 *
 * Detectability: an event is taken to be visible at the station when its magnitude reaches
 *   ML_min(R) = M_ref + 1.11·log10(R / R_ref) + 0.00189·(R − R_ref)
 * (the distance terms of the Hutton–Boore local-magnitude relation, i.e. a constant amplitude threshold
 * at the station), with M_ref the smallest magnitude seen at the reference distance R_ref (defaults:
 * ML 1.5 at 100 km → ML ≈ 0.2 at 10 km, 1.1 at 50 km, 2.4 at 300 km).
 */
import type { CatalogueEvent } from './catalogue.js';

/** Station coordinates (degrees, metres above sea level). */
export interface StationCoordinates {
  latitude: number;
  longitude: number;
  elevationM?: number;
}

/** Parameters of the travel-time model and of the detectability rule. */
export interface ArrivalModel {
  /** Constant P velocity, km/s. */
  vpKmPerSecond: number;
  /** Smallest magnitude visible at `referenceDistanceKm`. */
  referenceMagnitude: number;
  referenceDistanceKm: number;
  /** Hypocentral distances below this are clamped (the log term is undefined at 0). */
  minDistanceKm: number;
}

const EARTH_RADIUS_KM = 6371.0;
const DEG = Math.PI / 180;

/** Great-circle (haversine) distance in km between two points given in degrees. */
export function epicentralDistanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLon = (lon2 - lon1) * DEG;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Straight-line distance from hypocentre to station, km (station elevation counts as negative depth). */
export function hypocentralDistanceKm(event: CatalogueEvent, station: StationCoordinates): number {
  const epi = epicentralDistanceKm(event.latitude, event.longitude, station.latitude, station.longitude);
  const dz = event.depthKm + (station.elevationM ?? 0) / 1000;
  return Math.hypot(epi, dz);
}

/** Predicted P arrival at the station, epoch ms. */
export function predictedPArrivalMs(event: CatalogueEvent, station: StationCoordinates, model: ArrivalModel): number {
  return event.originTime + (hypocentralDistanceKm(event, station) / model.vpKmPerSecond) * 1000;
}

/** Smallest magnitude the station is taken to see at hypocentral distance `distanceKm`. */
export function detectabilityThreshold(distanceKm: number, model: ArrivalModel): number {
  const r = Math.max(distanceKm, model.minDistanceKm);
  const r0 = model.referenceDistanceKm;
  return model.referenceMagnitude + 1.11 * Math.log10(r / r0) + 0.00189 * (r - r0);
}

/**
 * Signal duration after the P arrival, seconds, from the coda-duration magnitude relation
 * Md ≈ 2·log10(T) − 0.87 (so T = 10^((M + 0.87)/2): ~19 s at M 1.7, ~86 s at M 3), never below `minSeconds`.
 */
export function codaDurationSeconds(magnitude: number, minSeconds: number): number {
  return Math.max(minSeconds, 10 ** ((magnitude + 0.87) / 2));
}
