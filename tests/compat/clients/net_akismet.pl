#!/usr/bin/perl
# Debian's Net::Akismet, unmodified: verify-key, comment-check (ham, spam, held), submit-spam.
# Usage: net_akismet.pl KEY BLOG. The network is whatever http_proxy points at.
use strict;
use warnings;
use Net::Akismet;

my ($key, $blog) = @ARGV;
my $akismet = Net::Akismet->new(KEY => $key, URL => $blog)
    or do { print "verify=invalid\n"; exit 0 };
print "verify=valid\n";
my %who = (USER_IP => '203.0.113.7', COMMENT_USER_AGENT => 'Mozilla/5.0',
           COMMENT_AUTHOR => 'Olena', REFERRER => 'https://blog.example.org/post');
print 'ham=', $akismet->check(%who, COMMENT_CONTENT => 'Thank you for the timeline.') // 'undef', "\n";
print 'spam=', $akismet->check(%who, COMMENT_CONTENT => 'Win at casino-bonus now') // 'undef', "\n";
print 'held=', $akismet->check(%who, COMMENT_CONTENT => 'You idiot.') // 'undef', "\n";
print 'submit=', ($akismet->spam(%who, COMMENT_CONTENT => 'Perl-reported casino-bonus') ? 'ok' : 'failed'), "\n";
