# Debian's ruby-akismet, unmodified: verify-key, comment-check (ham, spam), submit-spam over
# HTTPS to KEY.rest.akismet.com. Usage: ruby akismet.rb KEY BLOG (network: http_proxy).
require 'akismet'

key, blog = ARGV
client = Akismet::Client.new(key, blog, app_name: 'commentmod-test', app_version: '1')
puts "verify=#{client.verify_key ? 'valid' : 'invalid'}"
Akismet::Client.open(key, blog, app_name: 'commentmod-test', app_version: '1') do |c|
  ham, = c.check('203.0.113.7', 'Mozilla/5.0', text: 'Thank you for the timeline.')
  spam, blatant = c.check('203.0.113.7', 'Mozilla/5.0', text: 'Win at casino-bonus now')
  puts "ham=#{ham}"
  puts "spam=#{spam}"
  puts "blatant=#{blatant}"
  c.spam('203.0.113.7', 'Mozilla/5.0', text: 'Ruby-reported casino-bonus')
  puts 'submit=ok'
end
