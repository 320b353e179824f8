/** Every rule of rollgate's own engine, in the order their findings are listed. */
import { apiRemoved } from './api-removed.ts';
import { composition } from './composition.ts';
import { defaultValue } from './default-value.ts';
import { enumChanged } from './enum-changed.ts';
import { jsonSchemaKeywords } from './json-schema-keywords.ts';
import { limits } from './limits.ts';
import { mediaTypeRemoved } from './media-type-removed.ts';
import { newRequiredRequestParameter } from './new-required-request-parameter.ts';
import { newRequiredRequestProperty } from './new-required-request-property.ts';
import { nullable } from './nullable.ts';
import { patternChanged } from './pattern-changed.ts';
import { requestBodyRequired } from './request-body-required.ts';
import { requestParameterRemoved } from './request-parameter-removed.ts';
import { requestPropertyRemoved } from './request-property-removed.ts';
import { responseHeaderRemoved } from './response-header-removed.ts';
import { responsePropertyBecameOptional } from './response-property-became-optional.ts';
import { responsePropertyRemoved } from './response-property-removed.ts';
import { responseStatusRemoved } from './response-status-removed.ts';
import type { Rule } from './rule.ts';
import { sunset } from './sunset.ts';
import { typeChanged } from './type-changed.ts';
import { webhookRemoved } from './webhook-removed.ts';

export const RULES: readonly Rule[] = [
  apiRemoved,
  responseStatusRemoved,
  requestParameterRemoved,
  newRequiredRequestParameter,
  requestBodyRequired,
  mediaTypeRemoved,
  responsePropertyRemoved,
  responsePropertyBecameOptional,
  requestPropertyRemoved,
  newRequiredRequestProperty,
  typeChanged,
  nullable,
  enumChanged,
  limits,
  patternChanged,
  composition,
  defaultValue,
  jsonSchemaKeywords,
  responseHeaderRemoved,
  webhookRemoved,
  sunset,
];
