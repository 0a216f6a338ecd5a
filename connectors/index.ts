import type { Connector } from './contract/connector.ts';
import { healthConnector } from './health/connector.ts';
import { insuranceConnector } from './insurance/connector.ts';
import { marketConnector } from './market/connector.ts';
import { policeConnector } from './police/connector.ts';
import { taxConnector } from './tax/connector.ts';

/** The five department connectors, one consumer group each. */
export const connectors: readonly Connector[] = [healthConnector, policeConnector, marketConnector, insuranceConnector, taxConnector];
