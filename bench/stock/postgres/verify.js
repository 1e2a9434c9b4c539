/*
 * Stock PostgreSQL verify: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/verify.js; auth0/docs .../custom-db/templates/verify.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL; the column `email_verified` (unquoted, the
 * template's `email_Verified` names the same column).
 */
function verify(email, callback) {
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    const query = 'UPDATE users SET email_verified = true WHERE email_verified = false AND email = $1';
    client.query(query, [email], function (err, result) {
      client.end();

      return callback(err, result && result.rowCount > 0);
    });
  });
}
