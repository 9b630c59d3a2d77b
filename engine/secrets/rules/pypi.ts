/**
 * PyPI API tokens: `pypi-` and a base64url macaroon whose first bytes name the issuer, so every
 * token for pypi.org starts `pypi-AgEIcHlwaS5vcmc` and every one for test.pypi.org
 * `pypi-AgENdGVzdC5weXBpLm9yZw`. https://pypi.org/help/#apitoken
 */
import { defineSecretRule } from '../rule.ts';
import { sample } from './sample.ts';

export const pypiUploadToken = defineSecretRule({
  id: 'pypi-upload-token',
  title: 'PyPI API token',
  docs: 'https://pypi.org/help/#apitoken',
  keywords: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/,
  entropy: 4,
  samples: {
    truePositives: [
      sample(
        'TWINE_PASSWORD=',
        'pypi-AgEIcHlwaS5vcmc',
        'COGbzcyqUPpASHB5N7eA9VhG3_8ZtfSbFMz-QUKobYgpw8mJsue5CBMZdYIV3xrUlX2at4CQKAWlJqKAZfHGIrlGhDchjld48fvOczyq2npPB3ap6-1mUKIoZr9sKGX4TAXPxQgXViuMxds4dtWFZEOfiklUoJOP',
      ),
      sample(
        'password = ',
        'pypi-AgEIcHlwaS5vcmc',
        'X9-KUNpittcpKIr4ZFRK7sAhbM4Xb6lTWWFHEdH18k62-VDgK7EFRNzLA37kYQu1LKezOfs9pOquyOkP-z9N_063DeYGcJFW96JrjPU7XtR1dePDSnJ1xed0uac_Ox3Ra5drvL02MEaQplnHm1lqHnqzHQm5Bkz3',
      ),
      sample(
        'poetry config pypi-token.testpypi ',
        'pypi-AgENdGVzdC5weXBpLm9yZw',
        'r3abSX3Zepx0VeTXfmbcrEYKKOpueY3j-dWIYVUQSGP6zWVMvYWDmMC3FNbhwACXibc8HsZOMos3zg3OhbfutOjn9BYxLryk0a6kWPu4s9p2ZH3kYq-q7OoRgkMRpw5ll26SXpVMVRfOKZP',
      ),
    ],
    falsePositives: [
      'password = pypi-AgEIcHlwaS5vcmc<rest of the token>',
      'TWINE_PASSWORD=${{ secrets.PYPI_API_TOKEN }}',
      sample('TWINE_PASSWORD=', 'pypi-AgEIcHlwaS5vcmc', 'COGbzcyqUPpASHB5N7eA9VhG3_8Z', ' # cut short'),
    ],
  },
});

export const pypiRules = [pypiUploadToken] as const;
