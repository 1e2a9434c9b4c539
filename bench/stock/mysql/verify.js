/*
 * Stock MySQL verify: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/verify.js; auth0/docs articles/connections/database/custom-db/templates/verify.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the column `email_verified` (the
 * template's `email_Verified`), the connection ended once the query has answered, and the outcome read
 * from `affectedRows`: the template's `results.length > 0` is always false for an UPDATE.
 */
function verify(email, callback) {
  const mysql = require('mysql2');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'UPDATE users SET email_verified = true WHERE email_verified = false AND email = ?';

  connection.query(query, [email], function (err, results) {
    connection.end();
    if (err) return callback(err);

    callback(null, results.affectedRows > 0);
  });
}
