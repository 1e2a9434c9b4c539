/*
 * Stock-style PostgreSQL change_email. Auth0 publishes no change_email template (auth0/docs
 * articles/connections/database/custom-db/templates/change-email.md: "There are no script templates
 * available"), so this is the PostgreSQL verify template (src/scripts/postgres/verify.js) with the
 * documented changeEmail(email, newEmail, verified, callback) signature, adapted as bench/stock/README.md says.
 */
function changeEmail(email, newEmail, verified, callback) {
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    const query = 'UPDATE users SET email = $1, email_verified = $2 WHERE email = $3';
    client.query(query, [newEmail, verified, email], function (err, result) {
      client.end();

      return callback(err, result && result.rowCount > 0);
    });
  });
}
