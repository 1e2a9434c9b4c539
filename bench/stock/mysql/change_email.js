/*
 * Stock-style MySQL change_email. Auth0 publishes no change_email template (auth0/docs
 * articles/connections/database/custom-db/templates/change-email.md: "There are no script templates
 * available"), so this is the MySQL verify template (src/scripts/mysql/verify.js) with the documented
 * changeEmail(email, newEmail, verified, callback) signature, adapted as bench/stock/README.md says.
 */
function changeEmail(email, newEmail, verified, callback) {
  const mysql = require('mysql2');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'UPDATE users SET email = ?, email_verified = ? WHERE email = ?';

  connection.query(query, [newEmail, verified, email], function (err, results) {
    connection.end();
    if (err) return callback(err);

    callback(null, results.affectedRows > 0);
  });
}
