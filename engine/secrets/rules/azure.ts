/**
 * Azure credentials.
 * Storage account keys: 64 random bytes in base64 (86 characters and `==`), in a connection string
 * (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string) or in
 * AZURE_STORAGE_KEY and the like.
 * Entra ID (Azure AD) client secrets: 3 characters, a version digit and `Q~`, then 34 characters
 * (version 8) or 31 (version 7), from the URL-unreserved set; the shape Microsoft's own scanner
 * checks (microsoft/security-utilities, AadClientAppIdentifiableCredentials, SEC101/156).
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const azureStorageAccountKey = defineSecretRule({
  id: 'azure-storage-account-key',
  title: 'Azure storage account key',
  docs: 'https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage',
  keywords: ['accountkey=', 'azure_storage', 'azure-storage', 'azurestorage'],
  pattern:
    /(?:AccountKey=|azure[_-]?storage[_-]?(?:account[_-]?)?(?:access[_-]?)?key["'`]?\s*(?:=|:|=>|:=)\s*["'`]?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
  entropy: 4.5,
  // The storage emulator's account, whose key Microsoft publishes, is not a secret.
  validate: (_secret, line) => !/AccountName=devstoreaccount1/i.test(line),
  samples: {
    truePositives: [
      sample(
        'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeevidence;AccountKey=',
        'ajzF2DedVjJDFHImuedXtkRxhTOVooTzSsrT0kj181BhIahCZi1O8k8Kn6p/',
        'JuTcQyVF8SCme7eVDTruguCvEw==;EndpointSuffix=core.windows.net"',
      ),
      sample('export AZURE_STORAGE_KEY=', 'XNFdKsRcSDoI7A+HAFhgVS9dvf8SuEGb74MD5MxblNP6AGG1', 'AANT+/NGG5eiqr5FcVapHVqnVSsjXRlAb1cpJw=='),
      sample('  azure_storage_account_key = "', 'sr56YiwRpyEWPHUBb6Di2iH9YYbsmwV9uuSbgZRDF94krsodPzcGc4PAqIAX', '2GeGpDC2oT18kiw5Krw+74sFow=="'),
    ],
    falsePositives: [
      // The storage emulator (Azurite) account: the key is in Microsoft's documentation.
      sample(
        'UseDevelopmentStorage=false;DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=',
        'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/',
        'KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
      ),
      'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeevidence;AccountKey=<account-key>;EndpointSuffix=core.windows.net"',
      'export AZURE_STORAGE_KEY=$(az storage account keys list -n acmeevidence --query "[0].value" -o tsv)',
      sample('AccountKey=', 'ajzF2DedVjJDFHImuedXtkRxhTOVooTzSsrT0kj181BhIahCZi1O8k8Kn6p/', 'JuTcQyVF8SCme7eVDTru=='),
    ],
  },
});

export const azureEntraClientSecret = defineSecretRule({
  id: 'azure-entra-client-secret',
  title: 'Microsoft Entra ID (Azure AD) client secret',
  docs: 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials',
  keywords: ['8Q~', '7Q~'],
  pattern: /(?<![A-Za-z0-9._~-])(?<secret>[A-Za-z0-9._~-]{3}(?:8Q~[A-Za-z0-9._~-]{34}|7Q~[A-Za-z0-9._~-]{31}))(?![A-Za-z0-9._~-])/,
  entropy: 3.8,
  validate: (secret) => !hasTypedRun(secret.slice(6)),
  samples: {
    truePositives: [
      sample('AZURE_CLIENT_SECRET=', 'HJ-8Q~', 'x6tNTj-AcPwInlbCU5DHCem~iH~Zk2sMJm'),
      sample('  "ClientSecret": "', 'kMF8Q~', 'OHOYfkfIctmFOcrp9eyfsGL3_4aQ3x8ezq', '",'),
      sample('  client_secret = "', 'fSz7Q~', '9n3bun-l4szVbX.79J0jk9uzZuJxWDv', '"'),
    ],
    falsePositives: [
      // Microsoft's documented example.
      'AppId=01234567-abcd-abcd-abcd-abcdef012345;AppSecret=abc7Q~defghijklmnopqrs0t123456789-_.~',
      sample('AZURE_CLIENT_SECRET=', 'HJ-8Q~', 'x6tNTj-AcPwInlbCU5DHCem~iH~Zk2s', ' # 31 characters after a version-8 marker'),
      'AZURE_CLIENT_SECRET=${{ secrets.AZURE_CLIENT_SECRET }}',
    ],
  },
});

export const azureRules = [azureStorageAccountKey, azureEntraClientSecret] as const;
