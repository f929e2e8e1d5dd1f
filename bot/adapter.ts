import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';

/**
 * The Bot Framework adapter. Without credentials it runs in local mode (no token checks),
 * which the server only allows on loopback; with them every request must carry a valid token.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const c = config.credentials;
  const options =
    c.kind === 'none'
      ? {}
      : {
          MicrosoftAppId: c.appId,
          MicrosoftAppPassword: c.password,
          MicrosoftAppType: c.appType,
          MicrosoftAppTenantId: c.tenantId,
          CertificateThumbprint: c.certificateThumbprint,
          CertificatePrivateKey: c.certificatePrivateKey,
        };
  const auth = new ConfigurationBotFrameworkAuthentication(
    options,
    new ConfigurationServiceClientCredentialFactory(options),
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The error message can quote user input, so only its type and stack location are logged.
    logger.error({ err: { name: error.name, stack: error.stack?.split('\n').slice(0, 3).join(' | ') } }, 'turn failed');
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Nothing you sent has been lost; please try again in a moment.');
    } catch {
      // The channel may be unreachable; the error is already logged.
    }
  };
  return adapter;
}
