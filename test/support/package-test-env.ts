// The values a council gives `npm run package` (TEAMS_APP_ID, BOT_ID, AAD_APP_CLIENT_ID,
// APP_BASE_URL, PUBLISHER_NAME), fictional, for the tests that build the app package.
export const PACKAGE_TEST_ENV = {
  NODE_ENV: 'test',
  TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  AAD_APP_CLIENT_ID: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
  APP_BASE_URL: 'https://disputes.example.gov.uk/',
  PUBLISHER_NAME: 'Northmoor Borough Council',
};
