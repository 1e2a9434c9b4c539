/*
 * Stock MySQL change_password: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/change_password.js; auth0/docs .../custom-db/templates/change-password.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the hash in `password_hash`, the
 * connection ended once the query has answered, and the outcome read from `affectedRows`.
 */
function changePassword(email, newPassword, callback) {
  const mysql = require('mysql2');
  const bcrypt = require('bcrypt');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'UPDATE users SET password_hash = ? WHERE email = ?';

  bcrypt.hash(newPassword, 10, function (err, hash) {
    if (err) {
      connection.end();
      return callback(err);
    }

    connection.query(query, [hash, email], function (err, results) {
      connection.end();
      if (err) return callback(err);
      callback(null, results.affectedRows > 0);
    });
  });
}
