/*
 * Stock PostgreSQL change_password: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/change_password.js; auth0/docs .../custom-db/templates/change-password.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL; the hash in `password_hash`.
 */
function changePassword(email, newPassword, callback) {
  const bcrypt = require('bcrypt');
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    bcrypt.hash(newPassword, 10, function (err, hash) {
      if (err) {
        client.end();
        return callback(err);
      }

      const query = 'UPDATE users SET password_hash = $1 WHERE email = $2';
      client.query(query, [hash, email], function (err, result) {
        client.end();

        return callback(err, result && result.rowCount > 0);
      });
    });
  });
}
